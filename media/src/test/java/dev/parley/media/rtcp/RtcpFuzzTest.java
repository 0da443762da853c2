package dev.parley.media.rtcp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.media.MalformedPacketException;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Round-trip property of RTCP: whatever {@link RtcpCompound#parse} accepts writes back into a
 * datagram that parses to equal messages, each {@link RtcpPacket#length()} matching what
 * {@link RtcpPacket#write} writes, and writing is then byte-stable. The non-allocating reader agrees
 * with the list parser. Only {@link MalformedPacketException} may escape.
 *
 * <p>Corpus: {@code src/test/resources/dev/parley/media/rtcp/RtcpFuzzTestInputs/compoundRoundTrip/}.
 * Longer runs: {@code JAZZER_FUZZ=1 mvn -pl media test -Dtest=RtcpFuzzTest}.
 */
class RtcpFuzzTest {
    @FuzzTest
    void compoundRoundTrip(byte[] data) {
        List<RtcpPacket> packets;
        try {
            packets = RtcpCompound.parse(data, 0, data.length);
        } catch (MalformedPacketException rejected) {
            return;
        }
        assertThat(readAll(data)).isEqualTo(packets);

        byte[] written = new byte[RtcpCompound.length(packets)];
        int at = 0;
        for (RtcpPacket p : packets) {
            int n = p.write(written, at);
            assertThat(n).isEqualTo(p.length());
            assertThat(n % 4).isZero();
            at += n;
        }
        List<RtcpPacket> reparsed;
        try {
            reparsed = RtcpCompound.parse(written, 0, written.length);
        } catch (MalformedPacketException e) {
            throw new AssertionError("written datagram rejected", e);
        }
        assertThat(reparsed).isEqualTo(packets);
        assertThat(RtcpCompound.toBytes(reparsed)).isEqualTo(written);
    }

    private static List<RtcpPacket> readAll(byte[] data) {
        RtcpCompoundReader reader = new RtcpCompoundReader().reset(data, 0, data.length);
        List<RtcpPacket> out = new java.util.ArrayList<>();
        try {
            while (reader.next()) {
                out.add(reader.parse());
            }
        } catch (MalformedPacketException e) {
            throw new AssertionError("reader rejected what parse accepted", e);
        }
        return out;
    }
}
