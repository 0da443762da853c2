package dev.parley.media.rtcp;

import dev.parley.media.MalformedPacketException;
import dev.parley.media.rtp.Hex;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GoodbyeTest {
    @Test
    void parsesSourcesAndReason() throws Exception {
        Goodbye bye = Goodbye.parse(RtcpVectors.BYE_REASON, 0, RtcpVectors.BYE_REASON.length);

        assertThat(bye.sources()).containsExactly(0x11223344L);
        assertThat(bye.reasonText()).isEqualTo("bye");
        assertThat(bye).isEqualTo(Goodbye.of(List.of(0x11223344L), "bye"));
    }

    @Test
    void writesTheSameBytesAndPadsTheReason() {
        assertThat(Goodbye.of(List.of(0x11223344L), "bye").toBytes()).isEqualTo(RtcpVectors.BYE_REASON);
        assertThat(Hex.string(Goodbye.of(List.of(1L, 2L), "").toBytes())).isEqualTo("82cb0002" + "00000001" + "00000002");
        assertThat(Hex.string(Goodbye.of(List.of(), "four").toBytes())).isEqualTo("80cb0002" + "04666f7572000000");
    }

    @Test
    void rejectsSourcesOrReasonPastTheEnd() {
        byte[] tooManySources = Hex.bytes("82cb0001 11223344");
        byte[] reasonTooLong = Hex.bytes("81cb0002 11223344 09627965");
        for (byte[] buf : List.of(tooManySources, reasonTooLong)) {
            assertThatThrownBy(() -> Goodbye.parse(buf, 0, buf.length)).isInstanceOf(MalformedPacketException.class);
        }
    }
}
