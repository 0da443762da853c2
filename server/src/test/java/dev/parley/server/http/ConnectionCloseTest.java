package dev.parley.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.signal.CloseCode;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConnectionCloseTest {

    @Test
    void aWebSocketGetsItsCloseFrameBeforeTheConnectionCloses() {
        EmbeddedChannel ch = TestChannels.from("198.51.100.1");
        ConnectionClose.markWebSocket(ch);

        ConnectionClose.withReason(ch, CloseCode.JOIN_TIMEOUT, "no room joined");

        CloseWebSocketFrame frame = ch.readOutbound();
        assertThat(frame.statusCode()).isEqualTo(4004);
        assertThat(frame.reasonText()).isEqualTo("no room joined");
        frame.release();
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void aPlainHttpConnectionIsJustClosed() {
        EmbeddedChannel ch = TestChannels.from("198.51.100.1");
        ConnectionClose.withReason(ch, CloseCode.GOING_AWAY, "bye");
        assertThat((Object) ch.readOutbound()).isNull();
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void reasonsAreCutToFitAControlFrameWithoutSplittingACharacter() {
        String reason = "é".repeat(100); // 200 bytes of UTF-8
        String clipped = ConnectionClose.clip(reason);
        assertThat(clipped.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(123);
        assertThat(clipped).isEqualTo("é".repeat(61));
        assertThat(ConnectionClose.clip("short")).isEqualTo("short");
    }
}
