package dev.parley.media.rtcp;

import dev.parley.media.MalformedPacketException;
import dev.parley.media.rtp.Hex;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

class RtcpCompoundTest {
    @Test
    void parsesEveryPacketOfACompoundInOrder() throws Exception {
        byte[] compound = RtcpVectors.concat(RtcpVectors.all().toArray(new byte[0][]));

        List<RtcpPacket> packets = RtcpCompound.parse(compound, 0, compound.length);

        assertThat(packets).extracting(p -> p.getClass().getSimpleName()).containsExactly(
                "SenderReport", "ReceiverReport", "SourceDescription", "Goodbye", "TransportLayerNack",
                "PictureLossIndication", "FullIntraRequest", "ReceiverEstimatedMaxBitrate", "TransportLayerCc",
                "UnknownRtcpPacket");
        assertThat(RtcpCompound.length(packets)).isEqualTo(compound.length);
        assertThat(RtcpCompound.toBytes(packets)).isEqualTo(compound);
    }

    @Test
    void everyVectorRoundTripsByteForByte() throws Exception {
        for (byte[] vector : RtcpVectors.all()) {
            List<RtcpPacket> packets = RtcpCompound.parse(vector, 0, vector.length);
            assertThat(packets).hasSize(1);
            assertThat(packets.get(0).length()).isEqualTo(vector.length);
            byte[] out = new byte[vector.length + 8];
            assertThat(packets.get(0).write(out, 8)).isEqualTo(vector.length);
            assertThat(Hex.string(out).substring(16)).isEqualTo(Hex.string(vector));
        }
    }

    @Test
    void keepsUnknownTypesAndFormatsInsteadOfFailing() throws Exception {
        byte[] xr = Hex.bytes("80cf0002 11223344 05000000");
        byte[] tmmbr = Hex.bytes("83cd0002 00000001 00000002");
        byte[] compound = RtcpVectors.concat(RtcpVectors.RR_EMPTY, xr, tmmbr, RtcpVectors.APP);

        List<RtcpPacket> packets = RtcpCompound.parse(compound, 0, compound.length);

        assertThat(packets.get(1)).isEqualTo(new UnknownRtcpPacket(207, 0, Hex.bytes("11223344 05000000")));
        assertThat(packets.get(2)).isEqualTo(new UnknownRtcpPacket(205, 3, Hex.bytes("00000001 00000002")));
        assertThat(((UnknownRtcpPacket) packets.get(3)).count()).isEqualTo(3);
        assertThat(RtcpCompound.toBytes(packets)).isEqualTo(compound);
    }

    @Test
    void stripsPaddingAndPadsUnalignedUnknownBodiesOnWrite() throws Exception {
        byte[] padded = Hex.bytes("a0cc0002 11223344 aabb0002"); // APP, 2 padding bytes
        UnknownRtcpPacket app = (UnknownRtcpPacket) RtcpCompound.parse(padded, 0, padded.length).get(0);

        assertThat(app.body()).containsExactly(0x11, 0x22, 0x33, 0x44, 0xaa, 0xbb);
        assertThat(app.toBytes()).isEqualTo(padded);
    }

    @Test
    void readerWalksHeadersWithoutParsingBodies() throws Exception {
        byte[] compound = RtcpVectors.concat(RtcpVectors.SR, RtcpVectors.SDES_CNAME, RtcpVectors.PLI);
        RtcpCompoundReader reader = new RtcpCompoundReader().reset(compound, 0, compound.length);
        List<String> seen = new ArrayList<>();
        while (reader.next()) {
            seen.add(reader.packetType() + "/" + reader.count() + "@" + reader.packetOffset() + "+" + reader.packetLength());
            if (reader.packetType() == RtcpHeader.PSFB && reader.count() == PictureLossIndication.FMT) {
                assertThat(reader.parse()).isEqualTo(new PictureLossIndication(1, 2));
            }
        }
        assertThat(seen).containsExactly("200/1@0+52", "202/1@52+16", "206/1@68+12");
    }

    @Test
    void rejectsEmptyTruncatedAndWrongVersionDatagrams() {
        assertThatThrownBy(() -> RtcpCompound.parse(new byte[0], 0, 0)).isInstanceOf(MalformedPacketException.class);
        byte[] v1 = RtcpVectors.PLI.clone();
        v1[0] = 0x41;
        assertThatThrownBy(() -> RtcpCompound.parse(v1, 0, v1.length))
                .isInstanceOf(MalformedPacketException.class).hasMessageContaining("version");
        byte[] trailing = RtcpVectors.concat(RtcpVectors.PLI, new byte[] {(byte) 0x80, (byte) 0xc9});
        assertThatThrownBy(() -> RtcpCompound.parse(trailing, 0, trailing.length))
                .isInstanceOf(MalformedPacketException.class).hasMessageContaining("truncated");
    }

    @Test
    void rejectsBadPaddingCounts() {
        byte[] zero = Hex.bytes("a0cc0002 11223344 aabb0000");
        byte[] tooLarge = Hex.bytes("a0cc0002 11223344 aabb0009");
        for (byte[] buf : List.of(zero, tooLarge)) {
            assertThatThrownBy(() -> RtcpCompound.parse(buf, 0, buf.length))
                    .isInstanceOf(MalformedPacketException.class).hasMessageContaining("padding");
        }
    }

    @Test
    void everyTruncationOfEveryVectorIsRejected() {
        for (byte[] vector : RtcpVectors.all()) {
            for (int len = 1; len < vector.length; len++) {
                int n = len;
                assertThatThrownBy(() -> RtcpCompound.parse(vector, 0, n))
                        .as("%s truncated to %d", Hex.string(vector), n)
                        .isInstanceOf(MalformedPacketException.class);
            }
        }
    }

    @Test
    void bodiesShrunkUnderAConsistentLengthFieldFailCheckedOrParse() {
        for (byte[] vector : RtcpVectors.all()) {
            for (int words = 1; words < vector.length / 4; words++) {
                byte[] shrunk = java.util.Arrays.copyOf(vector, 4 * words);
                shrunk[0] &= (byte) 0xDF; // drop the P bit: the padding byte is gone
                shrunk[2] = 0;
                shrunk[3] = (byte) (words - 1);
                assertParsesOrFailsChecked(shrunk);
            }
        }
    }

    @Test
    void oversizedLengthFieldsAreRejected() {
        for (byte[] vector : RtcpVectors.all()) {
            byte[] buf = vector.clone();
            buf[2] = (byte) 0xff;
            buf[3] = (byte) 0xff;
            assertThatThrownBy(() -> RtcpCompound.parse(buf, 0, buf.length))
                    .isInstanceOf(MalformedPacketException.class).hasMessageContaining("runs past");
        }
    }

    @Test
    void everySingleBitFlipFailsCheckedOrRoundTrips() {
        for (byte[] vector : RtcpVectors.all()) {
            for (int bit = 0; bit < vector.length * 8; bit++) {
                byte[] flipped = vector.clone();
                flipped[bit / 8] ^= (byte) (1 << (bit % 8));
                assertParsesOrFailsChecked(flipped);
            }
        }
    }

    @Test
    void countFieldsLargerThanTheBodyAreRejected() {
        for (byte[] vector : List.of(RtcpVectors.SR, RtcpVectors.RR_EMPTY, RtcpVectors.SDES_CNAME, RtcpVectors.BYE_REASON)) {
            byte[] buf = vector.clone();
            buf[0] |= 0x1F; // count 31
            assertThatThrownBy(() -> RtcpCompound.parse(buf, 0, buf.length))
                    .isInstanceOf(MalformedPacketException.class);
        }
    }

    private static void assertParsesOrFailsChecked(byte[] buf) {
        List<RtcpPacket> packets;
        try {
            packets = RtcpCompound.parse(buf, 0, buf.length);
        } catch (MalformedPacketException expected) {
            return;
        } catch (RuntimeException e) {
            fail("unchecked exception for " + Hex.string(buf), e);
            return;
        }
        byte[] written = RtcpCompound.toBytes(packets);
        try {
            assertThat(RtcpCompound.parse(written, 0, written.length)).isEqualTo(packets);
        } catch (MalformedPacketException e) {
            fail("rewritten packet rejected: " + Hex.string(written), e);
        }
    }
}
