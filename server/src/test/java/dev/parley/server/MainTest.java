package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.config.ConfigLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(List.of(args), Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpPrintsEveryFlagAndExitsZero() {
        int code = run("--help");

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(code).isZero();
        for (ConfigLoader.Option o : ConfigLoader.OPTIONS) {
            assertThat(text).contains(o.flag()).contains(o.env());
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void helpWinsOverOtherwiseBadArguments() {
        assertThat(run("--http-port", "nope", "-h")).isZero();
    }

    @Test
    void badConfigurationExitsWithTwoAndOneLineNamingTheFlag() {
        int code = run("--rtc-port", "70000");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("parley: ").contains("--rtc-port")
                .contains("70000");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void aTlsKeyThatIsNotAKeyStopsStartUpWithTwoNamingTheFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        dev.parley.server.http.TestCertificate cert = dev.parley.server.http.TestCertificate.create(dir, "server");
        java.nio.file.Path key = java.nio.file.Files.writeString(dir.resolve("broken.key"), "-----BEGIN PRIVATE KEY-----\nAAAA\n");
        int code = run("--http-port", "0", "--rtc-port", "0", "--bind", "127.0.0.1", "--announce-ip", "127.0.0.1",
                "--data-dir", dir.toString(), "--tls-cert", cert.certificateFile().toString(), "--tls-key", key.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("parley: ").contains("--tls-key")
                .contains("broken.key");
    }
}
