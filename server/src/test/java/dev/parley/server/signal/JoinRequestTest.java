package dev.parley.server.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.server.room.Participant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JoinRequestTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode data(String extra) throws Exception {
        return JSON.readTree("{\"sdkAppId\":1400000001,\"userId\":\"alice\",\"userSig\":\"sig\",\"roomId\":1234"
                + extra + "}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rtc", "videoCall", "live"})
    void trtcModesAreAccepted(String mode) throws Exception {
        assertThat(JoinRequest.parse(data(",\"mode\":\"" + mode + "\"")).mode()).isEqualTo(mode);
    }

    @Test
    void noModeMeansRtc() throws Exception {
        assertThat(JoinRequest.parse(data("")).mode()).isEqualTo("rtc");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"meeting\"", "\"\"", "1", "true", "{}"})
    void anUnknownModeIsAnInvalidParameter(String mode) {
        assertThatThrownBy(() -> JoinRequest.parse(data(",\"mode\":" + mode)))
                .isInstanceOfSatisfying(SignalException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER))
                .hasMessageContaining("mode must be");
    }

    @Test
    void theAudienceRoleNeedsLiveMode() throws Exception {
        assertThatThrownBy(() -> JoinRequest.parse(data(",\"mode\":\"rtc\",\"role\":\"audience\"")))
                .hasMessageContaining("only in mode 'live'");
        assertThat(JoinRequest.parse(data(",\"mode\":\"live\",\"role\":\"audience\"")).role())
                .isEqualTo(Participant.Role.AUDIENCE);
    }

    @Test
    void thePrivateMapKeyOptionIsKeptWhenGivenAndAbsentWhenEmpty() throws Exception {
        assertThat(JoinRequest.parse(data(",\"privateMapKey\":\"eJw\"")).privateMapKey()).contains("eJw");
        assertThat(JoinRequest.parse(data(",\"privateMapKey\":\"\"")).privateMapKey()).isEmpty();
        assertThat(JoinRequest.parse(data(",\"privateMapKey\":null")).privateMapKey()).isEmpty();
        assertThatThrownBy(() -> JoinRequest.parse(data(",\"privateMapKey\":7")))
                .hasMessageContaining("'privateMapKey' must be a non-empty string");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "4294967296", "\"abc\"", "\"\"", "1.5", "null"})
    void sdkAppIdMustBeAnUnsigned32BitNumber(String id) throws Exception {
        JsonNode d = JSON.readTree("{\"sdkAppId\":" + id + ",\"userId\":\"a\",\"userSig\":\"s\",\"roomId\":1}");
        assertThatThrownBy(() -> JoinRequest.parse(d)).hasMessageContaining("sdkAppId");
    }
}
