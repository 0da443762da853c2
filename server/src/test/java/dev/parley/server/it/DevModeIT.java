package dev.parley.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Development mode (no sdkAppId configured) and the plain HTTP side: the generated app survives a
 * restart, its key file is private, the demo's UserSig endpoint signs UserSigs the server accepts.
 */
class DevModeIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @Test
    void theDevelopmentAppSignsUserSigsTheServerAccepts() throws Exception {
        try (InProcessServer dev = InProcessServer.startDevMode(dataDir)) {
            JsonNode config = JSON.readTree(dev.get("/api/dev/config").body());
            assertThat(config.path("devMode").asBoolean()).isTrue();
            long app = config.path("sdkAppId").asLong();
            assertThat(app).isBetween(1_400_000_000L, 1_400_999_999L);

            HttpResponse<String> signed = dev.get("/api/dev/usersig?userId=alice");
            assertThat(signed.statusCode()).isEqualTo(200);
            JsonNode sig = JSON.readTree(signed.body());
            assertThat(sig.path("sdkAppId").asLong()).isEqualTo(app);
            assertThat(sig.path("userId").asText()).isEqualTo("alice");

            try (SignalClient alice = dev.connect("alice")) {
                JsonNode joined = alice.ok("join", Map.of("sdkAppId", app, "userId", "alice",
                        "userSig", sig.path("userSig").asText(), "roomId", 1));
                assertThat(joined.path("userId").asText()).isEqualTo("alice");
            }
            assertThat(dev.get("/api/dev/usersig?userId=not%20valid").statusCode()).isEqualTo(400);
            assertThat(dev.get("/api/dev/usersig").statusCode()).isEqualTo(400);
        }
    }

    @Test
    void theDevelopmentAppIsKeptPrivatelyAndSurvivesARestart() throws Exception {
        long first;
        try (InProcessServer dev = InProcessServer.startDevMode(dataDir)) {
            first = JSON.readTree(dev.get("/api/dev/config").body()).path("sdkAppId").asLong();
        }
        Path file = dataDir.resolve("dev-app.properties");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        Properties props = new Properties();
        try (var in = Files.newInputStream(file)) {
            props.load(in);
        }
        assertThat(props.getProperty("sdkAppId")).isEqualTo(Long.toString(first));
        String key = props.getProperty("secretKey");
        assertThat(key).hasSizeGreaterThanOrEqualTo(32);

        try (InProcessServer again = InProcessServer.startDevMode(dataDir)) {
            assertThat(JSON.readTree(again.get("/api/dev/config").body()).path("sdkAppId").asLong()).isEqualTo(first);
            assertThat(again.server().banner()).contains(Long.toString(first)).doesNotContain(key);
            assertThat(again.get("/api/dev/usersig?userId=bob").body()).doesNotContain(key);
        }
    }

    @Test
    void aConfiguredServerHasNoDevelopmentEndpoints() throws Exception {
        try (InProcessServer configured = InProcessServer.start("")) {
            assertThat(configured.get("/api/dev/usersig?userId=alice").statusCode()).isEqualTo(404);
            assertThat(configured.get("/api/dev/config").statusCode()).isEqualTo(404);
            assertThat(configured.server().banner()).doesNotContain(InProcessServer.SECRET_KEY);
        }
    }

    @Test
    void theSdkTheDemoAndTheHealthCheckAreServed() throws Exception {
        try (InProcessServer s = InProcessServer.start("")) {
            HttpResponse<String> sdk = s.get("/sdk/trtc.js");
            assertThat(sdk.statusCode()).isEqualTo(200);
            assertThat(sdk.headers().firstValue("content-type")).hasValueSatisfying(
                    t -> assertThat(t).contains("javascript"));
            assertThat(sdk.body()).contains("createClient");
            assertThat(s.get("/").statusCode()).isEqualTo(200);
            assertThat(s.get("/no/such/page").statusCode()).isEqualTo(404);
            JsonNode health = JSON.readTree(s.healthz());
            assertThat(health.path("status").asText()).isEqualTo("ok");
            assertThat(health.path("rooms").asInt()).isZero();
        }
    }
}
