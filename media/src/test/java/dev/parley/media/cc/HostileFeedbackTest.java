package dev.parley.media.cc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.parley.media.MalformedPacketException;
import dev.parley.media.rtcp.TransportLayerCc;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Feedback a broken or hostile receiver might send: the estimator never throws, ignores what does not
 * match a packet it sent, counts every packet once, and keeps its estimate within bounds.
 */
class HostileFeedbackTest {
    private static final long MIN = 50_000;
    private static final long MAX = 3_000_000;
    private static final long START = 500_000;
    private static final long NR = TransportLayerCc.NOT_RECEIVED;

    private final SendSideBandwidthEstimator bwe = new SendSideBandwidthEstimator(MIN, MAX, START);

    /**
     * Wire bytes of a TWCC feedback with one run-length chunk per packet (draft §3.1.3), so any
     * status and any signed 16-bit delta can be written, then parsed as a browser's would be.
     *
     * @param deltaTicks per packet, its receive delta in 250 µs ticks (ignored if it is lost)
     * @param lost       per packet, true if it is reported as not received
     */
    static TransportLayerCc feedback(int base, int referenceTime, int[] deltaTicks, boolean[] lost) {
        int n = deltaTicks.length;
        int received = 0;
        for (boolean l : lost) {
            received += l ? 0 : 1;
        }
        int unpadded = 20 + 2 * n + 2 * received;
        int total = (unpadded + 3) & ~3;
        byte[] b = new byte[total];
        b[0] = (byte) (0x80 | (total > unpadded ? 0x20 : 0) | TransportLayerCc.FMT);
        b[1] = (byte) 205;
        b[2] = (byte) ((total / 4 - 1) >> 8);
        b[3] = (byte) (total / 4 - 1);
        b[4] = 1;
        b[8] = 2;
        b[12] = (byte) (base >> 8);
        b[13] = (byte) base;
        b[14] = (byte) (n >> 8);
        b[15] = (byte) n;
        b[16] = (byte) (referenceTime >> 16);
        b[17] = (byte) (referenceTime >> 8);
        b[18] = (byte) referenceTime;
        int p = 20;
        for (int i = 0; i < n; i++) {
            int chunk = ((lost[i] ? 0 : 2) << 13) | 1; // run-length chunk of one packet
            b[p++] = (byte) (chunk >> 8);
            b[p++] = (byte) chunk;
        }
        for (int i = 0; i < n; i++) {
            if (!lost[i]) {
                b[p++] = (byte) (deltaTicks[i] >> 8);
                b[p++] = (byte) deltaTicks[i];
            }
        }
        if (total > unpadded) {
            b[total - 1] = (byte) (total - unpadded);
        }
        try {
            return TransportLayerCc.parse(b, 0, b.length);
        } catch (MalformedPacketException e) {
            throw new AssertionError(e);
        }
    }

    static TransportLayerCc feedback(int base, int referenceTime, int... deltaTicks) {
        return feedback(base, referenceTime, deltaTicks, new boolean[deltaTicks.length]);
    }

    private static TransportLayerCc built(int firstSeq, long firstArrival, long spacing, int count, boolean allLost) {
        var b = TransportLayerCc.builder(1, 2, 0);
        for (int i = 0; i < count; i++) {
            b.add((firstSeq + i) & 0xFFFF, allLost ? NR : firstArrival + i * spacing);
        }
        return b.build();
    }

    private void sendSteadily(int firstSeq, int count, long firstSendMicros) {
        for (int i = 0; i < count; i++) {
            bwe.onPacketSent((firstSeq + i) & 0xFFFF, 1200, firstSendMicros + i * 5_000L, -1);
        }
    }

    private void assertSane() {
        assertThat(bwe.estimateBps()).isBetween(MIN, MAX);
        assertThat(bwe.lossFraction()).isBetween(0.0, 1.0);
        assertThat(bwe.ackedBitrateBps()).isNotNegative();
        assertThat(bwe.usage()).isNotNull();
    }

    @Test
    void feedbackForPacketsNeverSentIsIgnored() {
        bwe.onFeedback(built(0, 1_000_000, 1000, 100, false), 2_000_000);
        sendSteadily(1000, 10, 2_000_000);
        bwe.onFeedback(built(1010, 3_000_000, 1000, 100, false), 2_100_000); // all after the highest sent
        bwe.onFeedback(built(0, 3_000_000, 1000, 100, true), 2_900_000);
        assertThat(bwe.estimateBps()).isEqualTo(START);
        assertThat(bwe.ackedBitrateBps()).isZero();
        assertThat(bwe.lossFraction()).isZero();
    }

    @Test
    void packetsOverwrittenInTheHistoryAreNotMatched() {
        sendSteadily(0, SentPacketHistory.CAPACITY + 100, 0);
        // seq 0..99 were overwritten by 16384..16483; reports for them must not count as those
        bwe.onFeedback(built(0, 0, 1000, 100, true), 90_000_000);
        bwe.onFeedback(built(100, 0, 1000, 1, true), 91_000_000);
        assertThat(bwe.lossFraction()).isZero();
        assertSane();
    }

    @Test
    void sequenceNumbersAreMatchedAcrossThe16BitWrap() {
        sendSteadily(65_520, 40, 1_000_000);
        bwe.onFeedback(built(65_520, 0, 0, 40, true), 1_300_000);
        bwe.onFeedback(built(4_000, 0, 0, 1, true), 1_900_000); // unknown: only closes the loss window
        assertThat(bwe.lossFraction()).isEqualTo(1.0);
        assertSane();
    }

    @Test
    void aDuplicatedFeedbackCountsOnce() {
        sendSteadily(0, 200, 1_000_000);
        TransportLayerCc fb = built(0, 5_000_000, 5_000, 200, false);
        SendSideBandwidthEstimator once = new SendSideBandwidthEstimator(MIN, MAX, START);
        for (int i = 0; i < 200; i++) {
            once.onPacketSent(i, 1200, 1_000_000 + i * 5_000L, -1);
        }
        once.onFeedback(fb, 2_100_000);
        for (int i = 0; i < 20; i++) {
            bwe.onFeedback(fb, 2_100_000);
        }
        assertThat(bwe.estimateBps()).isEqualTo(once.estimateBps());
        assertThat(bwe.ackedBitrateBps()).isEqualTo(once.ackedBitrateBps()).isEqualTo(1_920_000);
    }

    @Test
    void aPacketReportedLostThenReceivedIsNotCountedAsLost() {
        sendSteadily(0, 40, 1_000_000);
        bwe.onFeedback(built(0, 0, 0, 40, true), 1_300_000);
        bwe.onFeedback(built(0, 2_000_000, 5_000, 40, false), 1_400_000);
        bwe.onFeedback(built(1000, 0, 0, 1, true), 2_000_000); // unknown: closes the loss window
        assertThat(bwe.lossFraction()).isZero();
    }

    @Test
    void feedbackDeliveredInReverseOrderIsHarmless() {
        sendSteadily(0, 1000, 1_000_000);
        List<TransportLayerCc> fbs = new ArrayList<>();
        for (int k = 0; k < 50; k++) {
            fbs.add(built(k * 20, 3_000_000 + k * 100_000L, 5_000, 20, false));
        }
        for (int k = fbs.size() - 1; k >= 0; k--) {
            bwe.onFeedback(fbs.get(k), 6_000_000 + (50 - k) * 100_000L);
            assertSane();
        }
    }

    @Test
    void hugeAndNegativeArrivalDeltasNeitherThrowNorEscapeTheBounds() {
        sendSteadily(0, 4000, 1_000_000);
        int[] wild = {32767, -32768, 1, -1, 0, 32767, 32767, -32768, 12345, -4};
        for (int k = 0; k < 400; k++) {
            int[] deltas = new int[10];
            for (int i = 0; i < 10; i++) {
                deltas[i] = wild[(i + k) % wild.length];
            }
            int ref = (k * 0x123457) & 0xFF_FFFF; // reference time jumping all over its range
            TransportLayerCc fb = feedback(k * 10, ref, deltas);
            long now = 1_000_000 + k * 100_000L;
            assertThatCode(() -> bwe.onFeedback(fb, now)).doesNotThrowAnyException();
            assertSane();
        }
    }

    @Test
    void arrivalTimesRunningBackwardsNeitherThrowNorRaiseTheEstimate() {
        sendSteadily(0, 2000, 1_000_000);
        for (int k = 0; k < 100; k++) {
            int[] deltas = new int[20];
            java.util.Arrays.fill(deltas, -40); // each packet "arrives" 10 ms before the previous one
            bwe.onFeedback(feedback(k * 20, 0x7F_0000 - k * 2, deltas), 1_100_000 + k * 100_000L);
            assertSane();
        }
        assertThat(bwe.estimateBps()).isLessThanOrEqualTo((long) (START * 1.08 * 1.08 * 1.08 * 1.08 * 1.08 * 1.08
                * 1.08 * 1.08 * 1.08 * 1.08 * 1.1));
    }

    @Test
    void sendsWithOddSizesSequenceNumbersAndTimesAreTolerated() {
        bwe.onPacketSent(-1, -5, Long.MIN_VALUE + 1, -7);
        bwe.onPacketSent(70_000, Integer.MAX_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE);
        bwe.onPacketSent(3, 0, 0, 0);
        bwe.onRtt(-1);
        bwe.onRtt(Long.MAX_VALUE);
        bwe.onFeedback(null, 0);
        bwe.onFeedback(feedback(0xFFFF, 0, 32767, -32768, 5, 7), Long.MIN_VALUE);
        bwe.onFeedback(feedback(0, 0xFF_FFFF, 1, 2, 3, 4), Long.MAX_VALUE);
        assertSane();
    }

    @Test
    void arrivalTimesAreContinuousAcrossTheReferenceTimeWrap() {
        long wrap = (1L << 24) * TransportLayerCc.REFERENCE_TIME_MICROS;
        sendSteadily(0, 200, 1_000_000);
        // 1.92 Mbit/s arriving; the second half's reference time has wrapped to 0
        bwe.onFeedback(built(0, wrap - 500_000, 5_000, 100, false), 1_600_000);
        TransportLayerCc second = built(100, wrap, 5_000, 100, false);
        assertThat(second.referenceTime()).isZero();
        bwe.onFeedback(second, 2_100_000);
        assertThat(bwe.ackedBitrateBps()).isEqualTo(1_920_000);
    }

    @Test
    void theReferenceTimeWrapDoesNotDisturbTheEstimate() {
        long wrap = (1L << 24) * TransportLayerCc.REFERENCE_TIME_MICROS;
        SimulatedDownlink d = new SimulatedDownlink(new SendSideBandwidthEstimator(30_000, 10_000_000, 300_000),
                1_000_000, 40_000, 300_000, 11).receiverClockOffset(wrap - 20_000_000);
        d.run(20_000_000); // the receiver's reference time wraps at about 19 s
        d.run(20_000_000);
        assertThat(d.minEstimateSeen()).isGreaterThanOrEqualTo(700_000L);
        assertThat(d.maxEstimateSeen()).isLessThanOrEqualTo(1_150_000L);
    }
}
