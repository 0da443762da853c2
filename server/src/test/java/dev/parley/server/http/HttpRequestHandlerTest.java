package dev.parley.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.server.auth.DevApp;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HttpRequestHandlerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DevApp DEV = new DevApp(1_400_000_123L, "unit-test-secret-key-0123456789abcdef0123");
    private static final StaticContent CONTENT = new StaticContent(Map.of(
            "/index.html", "<!doctype html>".getBytes(StandardCharsets.UTF_8),
            "/sdk/trtc.js", "TRTC".getBytes(StandardCharsets.UTF_8)));

    private record Answer(int status, String body) {
        JsonNode json() throws Exception {
            return JSON.readTree(body);
        }
    }

    private static Answer get(Optional<DevApp> dev, String ip, String uri, String host) {
        EmbeddedChannel ch = TestChannels.from(ip,
                new HttpRequestHandler(CONTENT, dev, JSON, () -> Map.of("status", "ok")));
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
        if (host != null) {
            req.headers().set(HttpHeaderNames.HOST, host);
        }
        ch.writeInbound(req);
        FullHttpResponse res = ch.readOutbound();
        Answer a = new Answer(res.status().code(), res.content().toString(StandardCharsets.UTF_8));
        res.release();
        ch.finishAndReleaseAll();
        return a;
    }

    @Test
    void theDevelopmentEndpointsAnswerLoopbackHostNames() throws Exception {
        for (String host : new String[] {"localhost:8080", "127.0.0.1:8080", "[::1]:8080", "demo.localhost"}) {
            Answer a = get(Optional.of(DEV), "127.0.0.1", "/api/dev/usersig?userId=alice", host);
            assertThat(a.status()).as(host).isEqualTo(200);
            assertThat(a.json().path("userSig").asText()).isNotEmpty();
            assertThat(get(Optional.of(DEV), "127.0.0.1", "/api/dev/config", host).status()).isEqualTo(200);
        }
    }

    @Test
    void aRebindingPageIsRefusedWith403AndAReason() throws Exception {
        for (String host : new String[] {"evil.example", "evil.example:8080", "127.0.0.1.evil.example", null}) {
            Answer a = get(Optional.of(DEV), "127.0.0.1", "/api/dev/usersig?userId=alice", host);
            assertThat(a.status()).as("Host %s", host).isEqualTo(403);
            assertThat(a.json().path("message").asText()).contains("localhost");
            assertThat(a.body()).doesNotContain("userSig").doesNotContain(DEV.secretKey());
            assertThat(get(Optional.of(DEV), "127.0.0.1", "/api/dev/config", host).status()).isEqualTo(403);
        }
    }

    @Test
    void aLoopbackNameFromAnotherMachineIsStillRefused() {
        assertThat(get(Optional.of(DEV), "203.0.113.5", "/api/dev/usersig?userId=alice", "localhost").status())
                .isEqualTo(403);
    }

    @Test
    void withoutDevelopmentModeTheEndpointsDoNotExist() {
        assertThat(get(Optional.empty(), "127.0.0.1", "/api/dev/usersig?userId=a", "evil.example").status())
                .isEqualTo(404);
        assertThat(get(Optional.empty(), "127.0.0.1", "/api/dev/config", "localhost").status()).isEqualTo(404);
    }

    @Test
    void staticFilesAreServedAndDirectoriesAreNot() {
        assertThat(get(Optional.empty(), "192.0.2.1", "/", "example.com"))
                .isEqualTo(new Answer(200, "<!doctype html>"));
        assertThat(get(Optional.empty(), "192.0.2.1", "/sdk/trtc.js?v=4", "example.com"))
                .isEqualTo(new Answer(200, "TRTC"));
        assertThat(get(Optional.empty(), "192.0.2.1", "/sdk", "example.com").status()).isEqualTo(404);
        assertThat(get(Optional.empty(), "192.0.2.1", "/sdk/", "example.com").status()).isEqualTo(404);
        assertThat(get(Optional.empty(), "192.0.2.1", "/sdk/%2e%2e/index.html", "example.com").status())
                .isEqualTo(404);
    }

    @Test
    void healthzAnswers200WhenOkAnd503WhenFailing() throws Exception {
        EmbeddedChannel ok = TestChannels.from("192.0.2.1", new HttpRequestHandler(CONTENT, Optional.empty(), JSON,
                () -> Map.of("status", "ok", "rooms", 0)));
        ok.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/healthz"));
        FullHttpResponse healthy = ok.readOutbound();
        assertThat(healthy.status().code()).isEqualTo(200);
        healthy.release();

        EmbeddedChannel failing = TestChannels.from("192.0.2.1", new HttpRequestHandler(CONTENT, Optional.empty(),
                JSON, () -> Map.of("status", "failing", "reason", "event loop thread media-1-1 ended")));
        failing.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/healthz"));
        FullHttpResponse broken = failing.readOutbound();
        assertThat(broken.status().code()).isEqualTo(503);
        assertThat(JSON.readTree(broken.content().toString(StandardCharsets.UTF_8)).path("reason").asText())
                .isEqualTo("event loop thread media-1-1 ended");
        broken.release();
    }

    @Test
    void aNotFoundAnswerDoesNotEchoThePath() {
        Answer a = get(Optional.empty(), "192.0.2.1", "/%3Cscript%3E", "example.com");
        assertThat(a.status()).isEqualTo(404);
        assertThat(a.body()).doesNotContain("script");
    }
}
