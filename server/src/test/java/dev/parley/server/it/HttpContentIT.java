package dev.parley.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plain HTTP side against the real server: the fixed table of files, and who may use the dev endpoints. */
class HttpContentIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @Test
    void distinctMissingPathsAreAll404AndDoNotGrowAnything() throws Exception {
        try (InProcessServer s = InProcessServer.start("")) {
            int files = s.server().http().staticFiles();
            HttpClient one = HttpClient.newHttpClient(); // one keep-alive connection for all
            for (int i = 0; i < 300; i++) {
                HttpResponse<String> r = one.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + s.httpPort() + "/missing/" + i + ".js"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(404);
            }
            assertThat(s.server().http().staticFiles()).isEqualTo(files);
            assertThat(s.get("/sdk/trtc.js").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void directoriesAreNotResourcesAndTheRootIsTheDemoPage() throws Exception {
        try (InProcessServer s = InProcessServer.start("")) {
            assertThat(s.get("/sdk").statusCode()).isEqualTo(404);
            assertThat(s.get("/sdk/").statusCode()).isEqualTo(404);
            assertThat(s.get("/sdk/%2e%2e/index.html").statusCode()).isEqualTo(404);
            HttpResponse<String> root = s.get("/");
            assertThat(root.statusCode()).isEqualTo(200);
            assertThat(root.body()).isEqualTo(s.get("/index.html").body()).contains("<html");
            assertThat(s.get("/demo.js").statusCode()).isEqualTo(200);
            assertThat(s.get("/sdk/trtc.d.ts").statusCode()).isEqualTo(200);
        }
    }

    private static String get(InProcessServer s, String path, String host) throws Exception {
        try (RawConnection c = new RawConnection(s.httpPort())) {
            c.send("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
            String head = c.readHead();
            int length = Integer.parseInt(head.replaceAll("(?is).*content-length: *(\\d+).*", "$1"));
            return head.substring(0, head.indexOf('\r')) + "\n"
                    + new String(c.readBytes(length), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theDevelopmentEndpointsRefuseARebindingPage() throws Exception {
        try (InProcessServer dev = InProcessServer.startDevMode(dataDir)) {
            int port = dev.httpPort();
            for (String host : new String[] {"localhost:" + port, "127.0.0.1:" + port, "app.localhost:" + port}) {
                assertThat(get(dev, "/api/dev/usersig?userId=alice", host)).as(host).startsWith("HTTP/1.1 200");
            }
            String refused = get(dev, "/api/dev/usersig?userId=alice", "attacker.example:" + port);
            assertThat(refused).startsWith("HTTP/1.1 403");
            String body = refused.substring(refused.indexOf('\n') + 1);
            assertThat(JSON.readTree(body).path("message").asText()).contains("Host");
            assertThat(body).doesNotContain("userSig");
            assertThat(get(dev, "/api/dev/config", "attacker.example")).startsWith("HTTP/1.1 403");
        }
    }
}
