package dev.parley.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The JSON log option ({@code PARLEY_LOG_FORMAT=json}) of the real server jar: every line of its log is one
 * JSON object, and a participant's lines carry its app, room and user in {@code mdc}.
 */
class JsonLogsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyLineIsJsonAndAUsersLinesNameItsAppRoomAndUser() throws Exception {
        try (ServerProcess server = ServerProcess.with().jvm("-DPARLEY_LOG_FORMAT=json").start();
             SignalClient alice = SignalClient.connect(server.httpPort(), "alice")) {
            alice.ok("join", Map.of("sdkAppId", ServerProcess.SDK_APP_ID, "userId", "alice",
                    "userSig", ServerProcess.userSig("alice"), "roomId", 4321, "role", "anchor", "mode", "rtc",
                    "sdkVersion", "4.15.0-parley"));
            Poll.until("the join is logged", Duration.ofSeconds(10),
                    () -> server.log().contains("joined room"), () -> Poll.tail(server.log(), 20));

            List<JsonNode> lines = new ArrayList<>();
            for (String line : server.log().split("\n")) {
                if (!line.isBlank()) {
                    lines.add(JSON.readTree(line)); // throws on a line that is not one JSON object
                }
            }
            assertThat(lines).allMatch(JsonNode::isObject).allMatch(l -> l.has("level") && l.has("loggerName"));
            JsonNode joined = lines.stream().filter(l -> l.path("formattedMessage").asText().contains("joined room"))
                    .findFirst().orElseThrow();
            assertThat(joined.path("formattedMessage").asText()).contains("alice").contains("4321");
            assertThat(joined.path("mdc").path("sdkAppId").asText()).isEqualTo(Long.toString(ServerProcess.SDK_APP_ID));
            assertThat(joined.path("mdc").path("roomId").asText()).isEqualTo("4321");
            assertThat(joined.path("mdc").path("userId").asText()).isEqualTo("alice");
        }
    }
}
