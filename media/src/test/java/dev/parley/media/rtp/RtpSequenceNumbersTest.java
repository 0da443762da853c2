package dev.parley.media.rtp;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RtpSequenceNumbersTest {
    @Test
    void distanceIsSignedAndWrapsAroundTheRing() {
        assertThat(RtpSequenceNumbers.distance(10, 15)).isEqualTo(5);
        assertThat(RtpSequenceNumbers.distance(15, 10)).isEqualTo(-5);
        assertThat(RtpSequenceNumbers.distance(65535, 0)).isEqualTo(1);
        assertThat(RtpSequenceNumbers.distance(0, 65535)).isEqualTo(-1);
        assertThat(RtpSequenceNumbers.distance(65530, 4)).isEqualTo(10);
        assertThat(RtpSequenceNumbers.distance(0, 32767)).isEqualTo(32767);
        assertThat(RtpSequenceNumbers.distance(0, 32768)).isEqualTo(-32768);
    }

    @Test
    void newerFollowsSerialNumberOrder() {
        assertThat(RtpSequenceNumbers.isNewer(1, 0)).isTrue();
        assertThat(RtpSequenceNumbers.isNewer(0, 1)).isFalse();
        assertThat(RtpSequenceNumbers.isNewer(0, 65535)).isTrue();
        assertThat(RtpSequenceNumbers.isNewer(65535, 0)).isFalse();
        assertThat(RtpSequenceNumbers.isNewer(5, 5)).isFalse();
        assertThat(RtpSequenceNumbers.isNewer(32768, 0)).as("half a ring apart is ambiguous").isFalse();
        assertThat(RtpSequenceNumbers.isNewer(0, 32768)).as("half a ring apart is ambiguous").isFalse();
    }

    @Test
    void compareAndAdd() {
        assertThat(RtpSequenceNumbers.compare(2, 65534)).isPositive();
        assertThat(RtpSequenceNumbers.compare(65534, 2)).isNegative();
        assertThat(RtpSequenceNumbers.compare(9, 9)).isZero();
        assertThat(RtpSequenceNumbers.add(65535, 2)).isEqualTo(1);
        assertThat(RtpSequenceNumbers.add(0, -1)).isEqualTo(65535);
    }

    @Test
    void unwrapperCountsAcrossWrapsAndToleratesReordering() {
        RtpSequenceNumbers.Unwrapper u = new RtpSequenceNumbers.Unwrapper();
        assertThat(u.started()).isFalse();
        assertThat(u.unwrap(65534)).isEqualTo(65534);
        assertThat(u.unwrap(65535)).isEqualTo(65535);
        assertThat(u.unwrap(0)).isEqualTo(65536);
        assertThat(u.unwrap(65535)).as("late packet from before the wrap").isEqualTo(65535);
        assertThat(u.unwrap(2)).isEqualTo(65538);
        for (int i = 0; i < 3 * 65536; i += 1000) {
            u.unwrap((2 + i) & 0xFFFF);
        }
        assertThat(u.last()).isEqualTo(65538 + 196000);
        u.reset();
        assertThat(u.unwrap(5)).isEqualTo(5);
        assertThat(u.unwrap(65533)).as("older than the first").isEqualTo(-3);
    }
}
