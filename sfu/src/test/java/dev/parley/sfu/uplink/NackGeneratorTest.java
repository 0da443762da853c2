package dev.parley.sfu.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NackGeneratorTest {
    private final NackGenerator nacks = new NackGenerator(10, 50, 3, 1000);
    private final int[] out = new int[256];
    private long now = 1_000;

    private int[] due() {
        return Arrays.copyOf(out, nacks.collectDue(now, out));
    }

    private void receive(int... seqs) {
        for (int s : seqs) {
            nacks.onPacket(s, now);
        }
    }

    @Test
    void aStreamWithoutGapsIsNeverNacked() {
        receive(100, 101, 102, 103);
        now += 500;
        assertThat(due()).isEmpty();
        assertThat(nacks.missing()).isZero();
    }

    @Test
    void aGapIsNackedOnlyAfterTheReorderingDelay() {
        receive(100, 101, 104);
        assertThat(nacks.missing()).isEqualTo(2);
        now += 9;
        assertThat(due()).isEmpty();
        now += 1;
        assertThat(due()).containsExactly(102, 103);
    }

    @Test
    void aReorderedPacketClosesItsHoleBeforeAnyNack() {
        receive(100, 102);
        now += 5;
        receive(101);
        now += 20;
        assertThat(due()).isEmpty();
        assertThat(nacks.recovered()).isEqualTo(1);
    }

    @Test
    void retriesAreSpacedByTheIntervalAndLimitedInNumber() {
        receive(10, 12);
        now += 10;
        assertThat(due()).containsExactly(11);   // try 1
        now += 49;
        assertThat(due()).isEmpty();
        now += 1;
        assertThat(due()).containsExactly(11);   // try 2
        now += 50;
        assertThat(due()).containsExactly(11);   // try 3
        now += 50;
        assertThat(due()).isEmpty();             // given up after 3
        assertThat(nacks.missing()).isZero();
        assertThat(nacks.nacked()).isEqualTo(3);
        assertThat(nacks.abandoned()).isEqualTo(1);
    }

    @Test
    void aRetransmissionStopsTheRetries() {
        receive(10, 12);
        now += 10;
        assertThat(due()).containsExactly(11);
        receive(11); // the RTX packet's original sequence number
        now += 100;
        assertThat(due()).isEmpty();
        assertThat(nacks.recovered()).isEqualTo(1);
    }

    @Test
    void packetsOlderThanTheMaximumAgeAreNotNacked() {
        NackGenerator manyTries = new NackGenerator(10, 100, 100, 1000);
        manyTries.onPacket(1, now);
        manyTries.onPacket(3, now);
        int asked = 0;
        for (int t = 0; t <= 1500; t += 10) {
            asked += manyTries.collectDue(now + t, out);
        }
        assertThat(asked).isEqualTo(10); // at 10, 110, ..., 910 ms; not after 1000 ms
        assertThat(manyTries.missing()).isZero();
    }

    @Test
    void aHoleNackedOnceAndFilledMeasuresTheRoundTripWhichThenSpacesRetries() {
        receive(10, 12);
        now += 10;
        assertThat(due()).containsExactly(11);
        now += 120;
        receive(11); // the retransmission, 120 ms after the NACK
        assertThat(nacks.rttMs()).isEqualTo(120);

        receive(14);
        now += 10;
        assertThat(due()).containsExactly(13);
        now += 60;
        assertThat(due()).as("50 ms would be due; the measured round trip is not over").isEmpty();
        now += 60;
        assertThat(due()).containsExactly(13);
    }

    @Test
    void aHoleAskedForTwiceDoesNotMeasureTheRoundTrip() {
        receive(10, 12);
        now += 10;
        assertThat(due()).containsExactly(11);
        now += 50;
        assertThat(due()).containsExactly(11);
        now += 5;
        receive(11); // which NACK did it answer? (Karn's rule: neither)
        assertThat(nacks.rttMs()).isZero();
    }

    @Test
    void theRoundTripTimeWidensTheRetryInterval() {
        nacks.setRttMs(200);
        receive(10, 12);
        now += 10;
        assertThat(due()).containsExactly(11);
        now += 100;
        assertThat(due()).isEmpty();
        now += 100;
        assertThat(due()).containsExactly(11);
    }

    @Test
    void gapsAcrossTheSequenceWrapAreFound() {
        receive(65534, 65535, 2);
        now += 10;
        assertThat(due()).containsExactly(0, 1);
    }

    @Test
    void aJumpLongerThanTheWindowIsNotNackedPacketByPacket() {
        receive(100, 100 + NackGenerator.CAPACITY + 1);
        now += 10;
        assertThat(due()).isEmpty();
        assertThat(nacks.missing()).isZero();
    }

    @Test
    void duplicatesAndOldPacketsDoNotCreateHoles() {
        receive(100, 101, 101, 99, 102);
        now += 10;
        assertThat(due()).isEmpty();
    }

    @Test
    void oneNackCarriesAtMostTheLimitOldestFirst() {
        receive(0, 300);
        now += 10;
        int[] first = due();
        assertThat(first).hasSize(NackGenerator.MAX_PER_NACK);
        assertThat(first[0]).isEqualTo(1);
        assertThat(first[NackGenerator.MAX_PER_NACK - 1]).isEqualTo(NackGenerator.MAX_PER_NACK);
        int[] second = due();
        assertThat(second[0]).isEqualTo(NackGenerator.MAX_PER_NACK + 1);
    }
}
