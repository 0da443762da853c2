package dev.parley.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LoopbackHostTest {

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "localhost:8080", "LocalHost", "demo.localhost", "a.b-c.localhost:443",
            "127.0.0.1", "127.0.0.1:8080", "127.1.2.3", "127.255.255.255:65535", "[::1]", "[::1]:8080",
            "[0:0:0:0:0:0:0:1]", "[::0:1]:80"})
    void loopbackNamesAreAccepted(String host) {
        assertThat(LoopbackHost.isLoopback(host)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "evil.example", "evil.example:8080", "localhost.evil.example", "evillocalhost",
            "localhost.", "127.0.0.1.evil.example", "127.0.0.256", "127.0.0", "128.0.0.1", "10.0.0.1",
            "0.0.0.0", "[::2]", "[::]", "[1::1]", "[::1", "::1", "[::ffff:127.0.0.1]", "localhost:99999",
            "localhost:", "localhost:80:80", "[::1]x", "-a.localhost", "a..localhost", "local host"})
    void otherNamesAreRefused(String host) {
        assertThat(LoopbackHost.isLoopback(host)).isFalse();
    }

    @org.junit.jupiter.api.Test
    void noHostHeaderIsRefused() {
        assertThat(LoopbackHost.isLoopback(null)).isFalse();
    }
}
