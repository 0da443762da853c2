package dev.parley.media.rtcp;

import dev.parley.media.MalformedPacketException;
import dev.parley.media.rtp.Hex;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** PLI (RFC 4585 §6.3.1), FIR (RFC 5104 §4.3.1) and REMB (draft-alvestrand-rmcat-remb §2.2). */
class PayloadSpecificFeedbackTest {
    @Test
    void pliRoundTrips() throws Exception {
        PictureLossIndication pli = PictureLossIndication.parse(RtcpVectors.PLI, 0, RtcpVectors.PLI.length);
        assertThat(pli).isEqualTo(new PictureLossIndication(1, 2));
        assertThat(pli.toBytes()).isEqualTo(RtcpVectors.PLI);
        assertThat(pli.length()).isEqualTo(12);
    }

    @Test
    void firRoundTrips() throws Exception {
        FullIntraRequest fir = FullIntraRequest.parse(RtcpVectors.FIR, 0, RtcpVectors.FIR.length);
        assertThat(fir).isEqualTo(new FullIntraRequest(1, List.of(new FullIntraRequest.Entry(0x12345678L, 9))));
        assertThat(fir.toBytes()).isEqualTo(RtcpVectors.FIR);
    }

    @Test
    void firWithoutEntriesIsMalformed() {
        byte[] buf = Hex.bytes("84ce0002 00000001 00000000");
        assertThatThrownBy(() -> FullIntraRequest.parse(buf, 0, buf.length))
                .isInstanceOf(MalformedPacketException.class).hasMessageContaining("FIR");
    }

    @Test
    void rembDecodesExponentAndMantissa() throws Exception {
        ReceiverEstimatedMaxBitrate remb = ReceiverEstimatedMaxBitrate.parse(RtcpVectors.REMB, 0, RtcpVectors.REMB.length);

        assertThat(remb.senderSsrc()).isEqualTo(1);
        assertThat(remb.exponent()).isEqualTo(2);
        assertThat(remb.mantissa()).isEqualTo(250_000);
        assertThat(remb.bitsPerSecond()).isEqualTo(1_000_000);
        assertThat(remb.ssrcs()).containsExactly(0x11223344L);
        assertThat(remb.toBytes()).isEqualTo(RtcpVectors.REMB);
    }

    @Test
    void rembFromABitrateRoundsDown() {
        assertThat(ReceiverEstimatedMaxBitrate.of(1, 1_000_000, List.of(0x11223344L)).toBytes())
                .isEqualTo(RtcpVectors.REMB);
        ReceiverEstimatedMaxBitrate odd = ReceiverEstimatedMaxBitrate.of(1, 1_000_003, List.of());
        assertThat(odd.bitsPerSecond()).isEqualTo(1_000_000);
        assertThat(ReceiverEstimatedMaxBitrate.of(1, 262_143, List.of()).exponent()).isZero();
        assertThat(ReceiverEstimatedMaxBitrate.of(1, Long.MAX_VALUE, List.of()).bitsPerSecond())
                .isEqualTo(((1L << 18) - 1) << 45);
        assertThat(new ReceiverEstimatedMaxBitrate(1, 62, 1, List.of()).bitsPerSecond()).isEqualTo(1L << 62);
        assertThat(new ReceiverEstimatedMaxBitrate(1, 63, 1, List.of()).bitsPerSecond()).as("saturates")
                .isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void rembWithMoreSsrcsThanItHoldsIsMalformed() {
        byte[] buf = RtcpVectors.REMB.clone();
        buf[16] = 2;
        assertThatThrownBy(() -> ReceiverEstimatedMaxBitrate.parse(buf, 0, buf.length))
                .isInstanceOf(MalformedPacketException.class).hasMessageContaining("REMB");
    }

    @Test
    void applicationFeedbackOtherThanRembIsKeptAsUnknown() throws Exception {
        byte[] buf = Hex.bytes("8fce0004 00000001 00000000 41424344 00000000");
        List<RtcpPacket> packets = RtcpCompound.parse(buf, 0, buf.length);
        assertThat(packets).singleElement().isInstanceOf(UnknownRtcpPacket.class);
        assertThat(packets.get(0).toBytes()).isEqualTo(buf);
    }
}
