package dev.parley.media.rtcp;

import dev.parley.media.MalformedPacketException;
import dev.parley.media.rtcp.TransportLayerCc.PacketResult;
import dev.parley.media.rtcp.TransportLayerCc.PacketStatus;
import dev.parley.media.rtp.Hex;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static dev.parley.media.rtcp.TransportLayerCc.NOT_RECEIVED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransportLayerCcTest {
    @Test
    void parsesATwoBitStatusVectorWithSmallAndLargeDeltas() throws Exception {
        TransportLayerCc fb = TransportLayerCc.parse(RtcpVectors.TWCC, 0, RtcpVectors.TWCC.length);

        assertThat(fb.senderSsrc()).isEqualTo(1);
        assertThat(fb.mediaSsrc()).isEqualTo(2);
        assertThat(fb.baseSequenceNumber()).isEqualTo(100);
        assertThat(fb.packetStatusCount()).isEqualTo(5);
        assertThat(fb.referenceTime()).isEqualTo(1);
        assertThat(fb.referenceTimeMicros()).isEqualTo(64_000);
        assertThat(fb.feedbackPacketCount()).isEqualTo(7);
        assertThat(fb.status(0)).isEqualTo(PacketStatus.RECEIVED_SMALL_DELTA);
        assertThat(fb.status(1)).isEqualTo(PacketStatus.NOT_RECEIVED);
        assertThat(fb.status(2)).isEqualTo(PacketStatus.RECEIVED_LARGE_DELTA);
        assertThat(fb.receivedCount()).isEqualTo(4);
        assertThat(fb.deltaTicks(1)).isEqualTo(-8);
        assertThat(fb.packetResults()).containsExactly(
                new PacketResult(100, 65_000), new PacketResult(101, NOT_RECEIVED), new PacketResult(102, 63_000),
                new PacketResult(103, 63_000), new PacketResult(104, 126_750));
    }

    @Test
    void builderWritesTheSameBytesFromArrivalTimes() {
        TransportLayerCcBuilder b = TransportLayerCc.builder(1, 2, 7);
        assertThat(b.add(100, 65_000)).isTrue();
        assertThat(b.add(102, 63_000)).as("arrived before its predecessor: large negative delta").isTrue();
        assertThat(b.add(103, 63_100)).as("rounded down to the 250 µs grid").isTrue();
        assertThat(b.add(104, 126_750)).isTrue();
        assertThat(b.packetCount()).isEqualTo(5);

        TransportLayerCc fb = b.build();

        assertThat(Hex.string(fb.toBytes())).isEqualTo(Hex.string(RtcpVectors.TWCC));
        assertThat(fb.length()).isEqualTo(28);
    }

    @Test
    void parsesTheOneBitStatusVectorOfTheDraft() throws Exception {
        // §3.1.4 example: 1 lost, 5 received, 3 lost, 3 received, 2 lost; then 8 small deltas, 2 padding bytes
        byte[] buf = Hex.bytes("afcd0007 00000001 00000002 0000000e 00000000 9f1c 0102030405060708 0002");
        TransportLayerCc fb = TransportLayerCc.parse(buf, 0, buf.length);

        List<Boolean> received = new ArrayList<>();
        fb.forEachPacket((seq, arrival) -> received.add(arrival != NOT_RECEIVED));
        assertThat(received).containsExactly(false, true, true, true, true, true, false, false, false,
                true, true, true, false, false);
        assertThat(fb.packetResults().get(5).arrivalTimeMicros()).isEqualTo(250L * (1 + 2 + 3 + 4 + 5));
        assertThat(fb.toBytes()).isEqualTo(buf);
    }

    @Test
    void parsesRunLengthChunksThatOvershootTheStatusCount() throws Exception {
        // run of 200 lost, then a run chunk of 8191 small deltas of which only 1 is counted
        byte[] buf = Hex.bytes("afcd0006 00000001 00000002 fff000c9 00000300 00c8 3fff 05 000003");
        TransportLayerCc fb = TransportLayerCc.parse(buf, 0, buf.length);

        assertThat(fb.packetStatusCount()).isEqualTo(201);
        assertThat(fb.receivedCount()).isEqualTo(1);
        assertThat(fb.status(199)).isEqualTo(PacketStatus.NOT_RECEIVED);
        assertThat(fb.packetResults().get(200)).isEqualTo(new PacketResult((0xfff0 + 200) & 0xFFFF, 3 * 64_000 + 5 * 250));
        assertThat(fb.sequenceNumber(200)).isEqualTo(184);
    }

    @Test
    void encodesLongGapsAsRunsSplitAtTheThirteenBitLimit() throws Exception {
        TransportLayerCcBuilder b = TransportLayerCc.builder(1, 2, 0);
        b.add(10, 0);
        assertThat(b.add(10 + 20_000, 1_000)).isTrue();
        TransportLayerCc fb = b.build();
        byte[] bytes = fb.toBytes();

        // 1-bit vector (1 + 13 lost), runs of 8191 and 8191 and 3604 lost, a final 1-bit vector
        assertThat(fb.packetStatusCount()).isEqualTo(20_001);
        assertThat(bytes.length).isEqualTo((20 + 2 * 5 + 2 + 3) & ~3);
        assertThat(TransportLayerCc.parse(bytes, 0, bytes.length)).isEqualTo(fb);
    }

    @Test
    void builderRejectsWhatCannotJoinTheFeedbackAndChangesNothing() {
        TransportLayerCcBuilder b = TransportLayerCc.builder(1, 2, 0);
        b.add(500, 1_000_000);
        b.add(502, 1_001_000);

        assertThat(b.add(501, 1_000_500)).as("before the last").isFalse();
        assertThat(b.add(502, 1_000_500)).as("duplicate").isFalse();
        assertThat(b.add(503, 1_001_000 + 8_192_000)).as("delta past 16 signed bits of 250 µs").isFalse();
        assertThat(b.add(500 + 0x8000, 1_002_000)).as("half a ring past the base").isFalse();
        assertThat(b.packetCount()).isEqualTo(3);
        assertThat(b.add(503, 1_001_000 + 8_191_750)).isTrue();
        assertThat(b.build().packetResults()).extracting(PacketResult::sequenceNumber).containsExactly(500, 501, 502, 503);
    }

    @Test
    void builderStartsWithLostPacketsAndWrapsTheSequenceNumber() throws Exception {
        TransportLayerCcBuilder b = TransportLayerCc.builder(1, 2, 300);
        b.add(65534, NOT_RECEIVED);
        b.add(0, 200_000);
        b.add(1, 201_000);
        TransportLayerCc fb = b.build();

        assertThat(fb.baseSequenceNumber()).isEqualTo(65534);
        assertThat(fb.feedbackPacketCount()).isEqualTo(300 & 0xFF);
        assertThat(fb.referenceTime()).isEqualTo(3); // 200 ms rounded down to 64 ms units
        assertThat(fb.packetResults()).containsExactly(new PacketResult(65534, NOT_RECEIVED),
                new PacketResult(65535, NOT_RECEIVED), new PacketResult(0, 200_000), new PacketResult(1, 201_000));
        assertThatThrownBy(() -> TransportLayerCc.builder(1, 2, 0).build()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void randomFeedbackRoundTripsAndKeepsArrivalsOnTheQuarterMillisecondGrid() throws Exception {
        SplittableRandom random = new SplittableRandom(42);
        for (int round = 0; round < 200; round++) {
            long now = random.nextLong(1L << 40);
            int seq = random.nextInt(65536);
            TransportLayerCcBuilder b = TransportLayerCc.builder(random.nextLong(1L << 32), 9, round);
            List<long[]> expected = new ArrayList<>();
            int packets = 1 + random.nextInt(300);
            for (int i = 0; i < packets; i++) {
                seq = (seq + 1 + (random.nextInt(10) == 0 ? random.nextInt(30) : 0)) & 0xFFFF;
                now += random.nextInt(20) == 0 ? -random.nextInt(100_000) : random.nextInt(70_000);
                if (random.nextInt(8) == 0) {
                    assertThat(b.add(seq, NOT_RECEIVED)).isTrue();
                } else if (b.add(seq, now)) {
                    expected.add(new long[] {seq, now});
                }
            }
            TransportLayerCc fb = b.build();
            byte[] bytes = fb.toBytes();
            assertThat(bytes.length % 4).isZero();
            TransportLayerCc parsed = TransportLayerCc.parse(bytes, 0, bytes.length);
            assertThat(parsed).isEqualTo(fb);

            long wrapOffset = expected.isEmpty() ? 0 : expected.get(0)[1] / 64_000 * 64_000 - fb.referenceTimeMicros();
            List<long[]> got = new ArrayList<>();
            parsed.forEachPacket((s, arrival) -> {
                if (arrival != NOT_RECEIVED) {
                    got.add(new long[] {s, arrival + wrapOffset});
                }
            });
            assertThat(got).hasSameSizeAs(expected);
            for (int i = 0; i < got.size(); i++) {
                assertThat(got.get(i)[0]).isEqualTo(expected.get(i)[0]);
                long error = expected.get(i)[1] - got.get(i)[1];
                assertThat(error).isBetween(0L, 249L);
            }
        }
    }

    @Test
    void rejectsMalformedFeedback() {
        String head = "afcd0005 00000001 00000002 ";
        List<String> broken = List.of(
                "a0cd0004 00000001 00000002 00010000 00000000",        // status count 0
                "afcd0004 00000001 00000002 00010005 00000000 ",       // no chunk (FMT 15, len 20)
                head + "00010005 00000000 d000 0000",                  // status vector (1 received of 5)... deltas fit
                head + "00010002 00000000 f000 0000",                  // reserved symbol 11
                head + "00010002 00000000 4002 0000",                  // 2 large deltas need 4 bytes, 2 present
                "afcd0003 00000001 00000002 00010002");                // FCI shorter than 8
        List<Class<?>> outcomes = new ArrayList<>();
        for (String hex : broken) {
            byte[] buf = Hex.bytes(hex);
            buf[0] = (byte) 0x8f;
            try {
                outcomes.add(RtcpCompound.parse(buf, 0, buf.length).get(0).getClass());
            } catch (MalformedPacketException e) {
                outcomes.add(MalformedPacketException.class);
            }
        }
        assertThat(outcomes).containsExactly(MalformedPacketException.class, MalformedPacketException.class,
                TransportLayerCc.class, MalformedPacketException.class, MalformedPacketException.class,
                MalformedPacketException.class);
    }
}
