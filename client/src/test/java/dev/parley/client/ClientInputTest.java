package dev.parley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to the client's entry points: a typed error that says what to fix, nothing half-done. */
class ClientInputTest {
    @Test
    void theServerUrlBecomesItsWebSocket() {
        assertThat(ParleyClient.webSocketUri("http://localhost:8080")).hasToString("ws://localhost:8080/ws");
        assertThat(ParleyClient.webSocketUri("https://rtc.example.com/")).hasToString("wss://rtc.example.com/ws");
        assertThat(ParleyClient.webSocketUri("ws://127.0.0.1:9/ws")).hasToString("ws://127.0.0.1:9/ws");
        assertThatThrownBy(() -> ParleyClient.webSocketUri("ftp://x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http(s):// or ws(s)://");
    }

    @Test
    void aBadUserIdOrAMissingUserSigIsRefusedAtCreate() {
        assertThatThrownBy(() -> ParleyClient.create("http://localhost:1", 1, "no spaces", "sig"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("userId");
        assertThatThrownBy(() -> ParleyClient.create("http://localhost:1", 1, "bob", ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("userSig");
    }

    @Test
    void callsBeforeJoinSayToJoinFirst() {
        try (ParleyClient c = ParleyClient.create("http://localhost:1", 1, "bob", "sig")) {
            assertThatThrownBy(() -> c.publish(LocalStream.synthetic())).isInstanceOf(ParleyException.class)
                    .hasMessageContaining("join a room first")
                    .satisfies(e -> assertThat(((ParleyException) e).code()).isEqualTo(ParleyException.INVALID_OPERATION));
        }
    }

    @Test
    void aServerThatIsNotThereIsASignalChannelSetupFailure() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (ParleyClient c = ParleyClient.create("http://127.0.0.1:" + port, 1, "bob", "sig")) {
            assertThatThrownBy(() -> c.join(1)).isInstanceOf(ParleyException.class)
                    .satisfies(e -> assertThat(((ParleyException) e).name()).isEqualTo("SIGNAL_CHANNEL_SETUP_FAILED"));
        }
    }

    @Test
    void syntheticOptionsOutOfRangeSayWhich() {
        assertThatThrownBy(() -> SyntheticSource.Options.camera().withVideo(0, 100, 1200))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fps");
        assertThatThrownBy(() -> SyntheticSource.Options.camera().withVideo(30, 100, 20))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("videoPacketSize");
    }

    @Test
    void filesThatAreNotVp8IvfAreRefusedWithTheReason(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("a.ivf"), "not a video file at all, just some text to read");
        assertThatThrownBy(() -> IvfFileSource.open(text, false)).isInstanceOf(IOException.class)
                .hasMessageContaining("no DKIF signature");

        byte[] vp9 = new byte[32];
        System.arraycopy("DKIF".getBytes(), 0, vp9, 0, 4);
        vp9[6] = 32;
        System.arraycopy("VP90".getBytes(), 0, vp9, 8, 4);
        Path vp9File = Files.write(dir.resolve("b.ivf"), vp9);
        assertThatThrownBy(() -> IvfFileSource.open(vp9File, false)).isInstanceOf(IOException.class)
                .hasMessageContaining("VP90");

        byte[] truncated = new byte[32 + 12 + 5];
        System.arraycopy("DKIF".getBytes(), 0, truncated, 0, 4);
        truncated[6] = 32;
        System.arraycopy("VP80".getBytes(), 0, truncated, 8, 4);
        truncated[16] = 30;
        truncated[20] = 1;
        truncated[32] = 100; // a 100-byte frame with 5 bytes left
        Path cut = Files.write(dir.resolve("c.ivf"), truncated);
        assertThatThrownBy(() -> IvfFileSource.open(cut, false)).isInstanceOf(IOException.class)
                .hasMessageContaining("past the end of the file");
    }
}
