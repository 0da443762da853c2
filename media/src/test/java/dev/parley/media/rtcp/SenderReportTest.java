package dev.parley.media.rtcp;

import dev.parley.media.MalformedPacketException;
import dev.parley.media.rtp.Hex;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SenderReportTest {
    private static final ReceptionReport BLOCK =
            new ReceptionReport(0xbc5e9a40L, 16, -2, 0x00010005L, 33, 0xd1fcddddL, 0x00010000L);

    @Test
    void parsesSenderInfoAndReportBlocks() throws Exception {
        SenderReport sr = SenderReport.parse(RtcpVectors.SR, 0, RtcpVectors.SR.length);

        assertThat(sr.ssrc()).isEqualTo(0x902f9e2eL);
        assertThat(sr.ntpTimestamp()).isEqualTo(0xda8bd1fc_ddddddddL);
        assertThat(sr.compactNtp()).isEqualTo(0xd1fcddddL);
        assertThat(sr.rtpTimestamp()).isEqualTo(100_000);
        assertThat(sr.packetCount()).isEqualTo(100);
        assertThat(sr.octetCount()).isEqualTo(10_000);
        assertThat(sr.reports()).containsExactly(BLOCK);
        assertThat(sr.reports().get(0).cumulativeLost()).as("signed 24-bit").isEqualTo(-2);
    }

    @Test
    void writesTheSameBytes() {
        SenderReport sr = new SenderReport(0x902f9e2eL, 0xda8bd1fc_ddddddddL, 100_000, 100, 10_000, List.of(BLOCK));

        assertThat(sr.length()).isEqualTo(52);
        assertThat(Hex.string(sr.toBytes())).isEqualTo(Hex.string(RtcpVectors.SR));
    }

    @Test
    void ignoresProfileSpecificExtensionsAfterTheBlocks() throws Exception {
        byte[] extended = Hex.bytes("80c80007 902f9e2e da8bd1fc dddddddd 000186a0 00000064 00002710 cafebabe");
        SenderReport sr = SenderReport.parse(extended, 0, extended.length);
        assertThat(sr.reports()).isEmpty();
        assertThat(sr.length()).isEqualTo(28);
    }

    @Test
    void rejectsABlockCountLargerThanTheBody() {
        byte[] buf = RtcpVectors.SR.clone();
        buf[0] = (byte) 0x82; // RC=2 but room for one block
        assertThatThrownBy(() -> SenderReport.parse(buf, 0, buf.length))
                .isInstanceOf(MalformedPacketException.class).hasMessageContaining("report blocks");
    }

    @Test
    void rejectsAnotherPacketType() {
        assertThatThrownBy(() -> SenderReport.parse(RtcpVectors.RR_EMPTY, 0, RtcpVectors.RR_EMPTY.length))
                .isInstanceOf(MalformedPacketException.class).hasMessageContaining("expected SenderReport");
    }

    @Test
    void receptionReportRejectsOutOfRangeFields() {
        assertThatThrownBy(() -> new ReceptionReport(1, 256, 0, 0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReceptionReport(1, 0, 0x80_0000, 0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReceptionReport(-1, 0, 0, 0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SenderReport(1, 0, 0, 0, 0, java.util.Collections.nCopies(32, BLOCK)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void receiverReportRoundTrips() throws Exception {
        ReceiverReport rr = ReceiverReport.parse(RtcpVectors.RR_EMPTY, 0, RtcpVectors.RR_EMPTY.length);
        assertThat(rr).isEqualTo(new ReceiverReport(0x11223344L, List.of()));
        assertThat(rr.toBytes()).isEqualTo(RtcpVectors.RR_EMPTY);

        ReceiverReport two = new ReceiverReport(7, List.of(BLOCK, BLOCK));
        byte[] bytes = two.toBytes();
        assertThat(bytes).hasSize(8 + 48);
        assertThat(bytes[0]).isEqualTo((byte) 0x82);
        assertThat(ReceiverReport.parse(bytes, 0, bytes.length)).isEqualTo(two);
    }

    @Test
    void receiverReportRejectsMissingBlocks() {
        byte[] buf = Hex.bytes("81c90001 11223344");
        assertThatThrownBy(() -> ReceiverReport.parse(buf, 0, buf.length))
                .isInstanceOf(MalformedPacketException.class).hasMessageContaining("RR");
    }
}
