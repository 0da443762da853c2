package dev.parley.media.cc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.media.rtcp.RtcpCompound;
import dev.parley.media.rtcp.TransportLayerCc;
import dev.parley.media.rtcp.TransportLayerCc.PacketResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransportWideFeedbackTest {
    private static final long SENDER = 0x1111_2222L;
    private static final long MEDIA = 0x3333_4444L;
    private static final long NR = TransportLayerCc.NOT_RECEIVED;

    private final TransportWideFeedback twcc = new TransportWideFeedback(SENDER);
    private final List<TransportLayerCc> sent = new ArrayList<>();

    private List<PacketResult> flushAll() {
        sent.clear();
        twcc.flush(MEDIA, sent::add);
        List<PacketResult> all = new ArrayList<>();
        for (TransportLayerCc f : sent) {
            all.addAll(f.packetResults());
        }
        return all;
    }

    private static PacketResult got(int seq, long micros) {
        return new PacketResult(seq, micros);
    }

    private static PacketResult lost(int seq) {
        return new PacketResult(seq, NR);
    }

    @Test
    void inOrderArrivalsAreReportedWithTheirTimes() {
        twcc.onPacket(100, 1_000_000);
        twcc.onPacket(101, 1_000_250);
        twcc.onPacket(102, 1_005_000);
        assertThat(flushAll()).containsExactly(got(100, 1_000_000), got(101, 1_000_250), got(102, 1_005_000));
        assertThat(sent).hasSize(1);
        TransportLayerCc f = sent.get(0);
        assertThat(f.senderSsrc()).isEqualTo(SENDER);
        assertThat(f.mediaSsrc()).isEqualTo(MEDIA);
        assertThat(f.baseSequenceNumber()).isEqualTo(100);
        assertThat(f.feedbackPacketCount()).isZero();
    }

    @Test
    void arrivalsAreQuantisedDownTo250MicrosecondTicks() {
        twcc.onPacket(7, 2_000_100);
        twcc.onPacket(8, 2_000_499);
        assertThat(flushAll()).containsExactly(got(7, 2_000_000), got(8, 2_000_250));
    }

    @Test
    void gapsAreReportedAsNotReceived() {
        twcc.onPacket(10, 1_000_000);
        twcc.onPacket(13, 1_010_000);
        assertThat(flushAll()).containsExactly(got(10, 1_000_000), lost(11), lost(12), got(13, 1_010_000));
    }

    @Test
    void reorderedPacketsWithinOneIntervalAreReportedInSequenceOrder() {
        twcc.onPacket(20, 1_000_000);
        twcc.onPacket(22, 1_002_000);
        twcc.onPacket(21, 1_003_000);
        assertThat(flushAll()).containsExactly(got(20, 1_000_000), got(21, 1_003_000), got(22, 1_002_000));
    }

    @Test
    void aLatePacketAlreadyReportedLostIsReportedAgainAsReceived() {
        twcc.onPacket(30, 1_000_000);
        twcc.onPacket(32, 1_001_000);
        assertThat(flushAll()).containsExactly(got(30, 1_000_000), lost(31), got(32, 1_001_000));
        twcc.onPacket(31, 1_090_000);
        twcc.onPacket(33, 1_091_000);
        assertThat(flushAll()).containsExactly(got(31, 1_090_000), got(32, 1_001_000), got(33, 1_091_000));
    }

    @Test
    void duplicatesKeepTheirFirstArrival() {
        twcc.onPacket(40, 1_000_000);
        twcc.onPacket(40, 1_050_000);
        twcc.onPacket(41, 1_060_000);
        assertThat(flushAll()).containsExactly(got(40, 1_000_000), got(41, 1_060_000));
    }

    @Test
    void sequenceNumbersWrapAt16Bits() {
        twcc.onPacket(65_534, 1_000_000);
        twcc.onPacket(65_535, 1_001_000);
        twcc.onPacket(1, 1_002_000);
        assertThat(flushAll()).containsExactly(got(65_534, 1_000_000), got(65_535, 1_001_000), lost(0),
                got(1, 1_002_000));
        assertThat(sent.get(0).baseSequenceNumber()).isEqualTo(65_534);
        // A straggler from before the wrap, then new packets after it.
        twcc.onPacket(0, 1_100_000);
        twcc.onPacket(2, 1_101_000);
        assertThat(flushAll()).containsExactly(got(0, 1_100_000), got(1, 1_002_000), got(2, 1_101_000));
    }

    @Test
    void eachFlushReportsOnlyWhatIsNewAndCountsFeedbackPackets() {
        twcc.onPacket(1, 1_000_000);
        assertThat(flushAll()).containsExactly(got(1, 1_000_000));
        assertThat(twcc.hasPending()).isFalse();
        assertThat(twcc.flush(MEDIA, sent::add)).isZero();
        twcc.onPacket(2, 1_100_000);
        assertThat(flushAll()).containsExactly(got(2, 1_100_000));
        assertThat(sent.get(0).feedbackPacketCount()).isEqualTo(1);
    }

    @Test
    void nothingIsSentBeforeTheFirstPacket() {
        assertThat(twcc.hasPending()).isFalse();
        assertThat(twcc.flush(MEDIA, sent::add)).isZero();
        assertThat(sent).isEmpty();
    }

    @Test
    void aDeltaTooLargeFor16BitsStartsANewFeedback() {
        twcc.onPacket(50, 1_000_000);
        twcc.onPacket(51, 1_000_000 + 9_000_000); // 9 s: over ±8.19 s of 250 µs ticks
        List<PacketResult> all = flushAll();
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0).packetResults()).containsExactly(got(50, 1_000_000));
        assertThat(sent.get(1).packetResults()).containsExactly(got(51, 10_000_000));
        assertThat(sent.get(1).feedbackPacketCount()).isEqualTo(sent.get(0).feedbackPacketCount() + 1);
        assertThat(all).hasSize(2);
    }

    @Test
    void manyPacketsAreSplitIntoFeedbacksThatEachFitADatagram() {
        int n = 1000;
        for (int i = 0; i < n; i++) {
            // Alternating small and large deltas: the largest encoding.
            twcc.onPacket(i, 1_000_000 + i * 40_000L + (i % 2) * 30_000);
        }
        List<PacketResult> all = flushAll();
        assertThat(sent).hasSizeGreaterThan(2);
        assertThat(all).hasSize(n);
        for (int i = 0; i < n; i++) {
            assertThat(all.get(i)).isEqualTo(got(i, 1_000_000 + i * 40_000L + (i % 2) * 30_000));
        }
        for (TransportLayerCc f : sent) {
            assertThat(f.length()).isLessThanOrEqualTo(1200);
            assertThat(f.packetStatusCount()).isLessThanOrEqualTo(TransportWideFeedback.MAX_PACKETS_PER_FEEDBACK);
        }
    }

    @Test
    void feedbackRoundTripsThroughTheWireFormat() throws Exception {
        twcc.onPacket(300, 1_000_000);
        twcc.onPacket(303, 1_020_000);
        twcc.onPacket(302, 1_010_000);
        flushAll();
        byte[] wire = RtcpCompound.toBytes(sent);
        TransportLayerCc parsed = TransportLayerCc.parse(wire, 0, wire.length);
        assertThat(parsed.packetResults()).containsExactly(got(300, 1_000_000), lost(301), got(302, 1_010_000),
                got(303, 1_020_000));
    }

    @Test
    void aJumpBeyondTheWindowForgetsWhatFellOut() {
        twcc.onPacket(0, 1_000_000);
        flushAll();
        int far = TransportWideFeedback.WINDOW + 10;
        twcc.onPacket(far, 1_100_000);
        List<PacketResult> all = flushAll();
        assertThat(all).hasSize(TransportWideFeedback.WINDOW);
        assertThat(all.get(all.size() - 1)).isEqualTo(got(far, 1_100_000));
        assertThat(all.subList(0, all.size() - 1)).allMatch(r -> !r.received());
    }

    @Test
    void aVeryOldPacketDoesNotReopenReporting() {
        for (int i = 0; i <= TransportWideFeedback.MAX_REOPEN + 5; i++) {
            twcc.onPacket(i, 1_000_000 + i * 100L);
        }
        flushAll();
        twcc.onPacket(2, 2_000_000); // arrived long after, already reported
        assertThat(twcc.hasPending()).isFalse();
    }
}
