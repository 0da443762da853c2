package dev.parley.sfu.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReceiveStatisticsTest {
    private static final int OPUS_RATE = 48_000;
    private static final long TS_PER_PACKET = 960; // 20 ms at 48 kHz

    private final ReceiveStatistics stats = new ReceiveStatistics(OPUS_RATE);

    /** Packets {@code seqs}, 20 ms apart in media time and in arrival time. */
    private void receiveRegularly(int... seqs) {
        for (int seq : seqs) {
            stats.onPacket(seq & 0xFFFF, 1_000_000 + seq * TS_PER_PACKET, 1_000 + seq * 20L);
        }
    }

    private static int[] range(int from, int toInclusive) {
        int[] out = new int[toInclusive - from + 1];
        for (int i = 0; i < out.length; i++) {
            out[i] = from + i;
        }
        return out;
    }

    @Test
    void nothingIsStartedBeforeTheFirstPacket() {
        assertThat(stats.started()).isFalse();
        assertThat(stats.delaySinceLastSr(5_000)).isZero();
        assertThat(stats.lastSrNtpMiddle()).isZero();
    }

    @Test
    void aCompleteStreamHasNoLoss() {
        receiveRegularly(range(1000, 1099));

        assertThat(stats.started()).isTrue();
        assertThat(stats.extendedHighestSeq()).isEqualTo(1099);
        assertThat(stats.cumulativeLost()).isZero();
        assertThat(stats.fractionLostAndAdvance()).isZero();
    }

    @Test
    void missingPacketsAreCountedAndTheFractionIsIn256ths() {
        receiveRegularly(0, 1, 2, 5, 6, 7, 8, 9); // 3 and 4 lost

        assertThat(stats.cumulativeLost()).isEqualTo(2);
        // RFC 3550 A.3: (lost_interval << 8) / expected_interval = 512 / 10
        assertThat(stats.fractionLostAndAdvance()).isEqualTo(51);
    }

    @Test
    void fractionLostCoversOnlyTheIntervalSinceTheLastReport() {
        receiveRegularly(0, 1, 2, 5, 6, 7, 8, 9);
        stats.fractionLostAndAdvance();

        receiveRegularly(range(10, 19));
        assertThat(stats.fractionLostAndAdvance()).isZero();
        assertThat(stats.cumulativeLost()).isEqualTo(2);

        receiveRegularly(20, 23); // 21 and 22 lost: 2 of 4
        assertThat(stats.fractionLostAndAdvance()).isEqualTo(128);
        assertThat(stats.cumulativeLost()).isEqualTo(4);
    }

    @Test
    void anIntervalWithoutPacketsReportsNoLoss() {
        receiveRegularly(range(0, 9));
        stats.fractionLostAndAdvance();

        assertThat(stats.fractionLostAndAdvance()).isZero();
    }

    @Test
    void sequenceWrapAddsACycleToTheExtendedHighestSequence() {
        receiveRegularly(range(65530, 65545)); // seq 65530 ... 65535, 0 ... 9

        assertThat(stats.extendedHighestSeq()).isEqualTo(65536 + 9);
        assertThat(stats.cumulativeLost()).isZero();
    }

    @Test
    void lossAcrossTheWrapIsCounted() {
        receiveRegularly(range(65530, 65534));
        receiveRegularly(range(65537, 65545)); // 65535 and 0 lost

        assertThat(stats.extendedHighestSeq()).isEqualTo(65536 + 9);
        assertThat(stats.cumulativeLost()).isEqualTo(2);
        assertThat(stats.fractionLostAndAdvance()).isEqualTo((2 << 8) / 16);
    }

    @Test
    void aReorderedPacketIsNotALossAndDoesNotMoveTheHighestSequence() {
        receiveRegularly(0, 1, 3, 2, 4);

        assertThat(stats.extendedHighestSeq()).isEqualTo(4);
        assertThat(stats.cumulativeLost()).isZero();
    }

    @Test
    void aLatePacketFromBeforeTheWrapDoesNotAddACycle() {
        receiveRegularly(65534, 65536, 65537); // 65535 late
        receiveRegularly(65535);

        assertThat(stats.extendedHighestSeq()).isEqualTo(65537);
        assertThat(stats.cumulativeLost()).isZero();
    }

    @Test
    void duplicatesMakeTheCumulativeLossNegativeAndTheFractionZero() {
        receiveRegularly(0, 1, 1, 2);

        assertThat(stats.cumulativeLost()).isEqualTo(-1); // RFC 3550 §6.4.1: may be negative
        assertThat(stats.fractionLostAndAdvance()).isZero();
    }

    @Test
    void jitterStaysZeroWhenPacketsArriveAsRegularlyAsTheyWereSent() {
        receiveRegularly(range(0, 199));

        assertThat(stats.jitter()).isZero();
    }

    @Test
    void jitterGrowsTowardsTheArrivalVariationWhenArrivalsAreIrregular() {
        long arrival = 1_000;
        long previous = -1;
        for (int seq = 0; seq < 200; seq++) {
            stats.onPacket(seq, seq * TS_PER_PACKET, arrival);
            arrival += seq % 2 == 0 ? 10 : 30; // sent every 20 ms, arriving 10 ms early / late
            if (seq > 0 && seq < 40) {
                assertThat(stats.jitter()).isGreaterThanOrEqualTo(previous);
            }
            previous = stats.jitter();
        }

        // Each transit difference is 10 ms = 480 units; A.8's J converges to it (gain 1/16).
        assertThat(stats.jitter()).isBetween(470L, 480L);
    }

    @Test
    void jitterIsInTimestampUnitsOfTheClockRate() {
        ReceiveStatistics video = new ReceiveStatistics(90_000);
        long arrival = 0;
        for (int seq = 0; seq < 300; seq++) {
            video.onPacket(seq, seq * 3000L, arrival); // 30 fps
            arrival += seq % 2 == 0 ? 23 : 43;         // +-10 ms around 33 ms
        }

        assertThat(video.jitter()).isBetween(880L, 900L); // 10 ms at 90 kHz = 900
    }

    @Test
    void jitterIgnoresTheWrapOfTheRtpTimestamp() {
        // Browsers start RTP timestamps at a random 32-bit value, so they wrap within hours (RFC 3550 §5.1).
        long start = 0xFFFF_FFFFL - 5 * TS_PER_PACKET;
        for (int seq = 0; seq < 20; seq++) {
            long ts = (start + seq * TS_PER_PACKET) & 0xFFFF_FFFFL;
            stats.onPacket(seq, ts, 1_000 + seq * 20L);
        }

        assertThat(stats.jitter()).isZero();
    }

    @Test
    void senderReportGivesLsrAsTheMiddle32BitsOfItsNtpTime() {
        stats.onSenderReport(0x0123_4567_89AB_CDEFL, 10_000);

        assertThat(stats.lastSrNtpMiddle()).isEqualTo(0x4567_89ABL);
    }

    @Test
    void delaySinceLastSenderReportIsIn65536thsOfASecond() {
        stats.onSenderReport(0x0123_4567_89AB_CDEFL, 10_000);

        assertThat(stats.delaySinceLastSr(10_000)).isZero();
        assertThat(stats.delaySinceLastSr(10_500)).isEqualTo(32_768);
        assertThat(stats.delaySinceLastSr(12_000)).isEqualTo(2 * 65_536);
    }

    @Test
    void theLatestSenderReportCounts() {
        stats.onSenderReport(0x1111_2222_3333_4444L, 10_000);
        stats.onSenderReport(0x5555_6666_7777_8888L, 11_000);

        assertThat(stats.lastSrNtpMiddle()).isEqualTo(0x6666_7777L);
        assertThat(stats.delaySinceLastSr(11_250)).isEqualTo(16_384);
    }
}
