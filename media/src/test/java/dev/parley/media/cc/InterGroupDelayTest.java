package dev.parley.media.cc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InterGroupDelayTest {
    private final InterGroupDelay groups = new InterGroupDelay();

    @Test
    void packetsSentWithinFiveMillisecondsFormOneGroupMeasuredByItsLastPacket() {
        assertThat(groups.add(0, 100_000)).isFalse();
        assertThat(groups.add(4_000, 104_000)).isFalse(); // same group
        assertThat(groups.add(10_000, 112_000)).isFalse(); // second group starts: no pair complete yet
        assertThat(groups.add(12_000, 115_000)).isFalse();
        assertThat(groups.add(20_000, 125_000)).isTrue(); // third group completes the first pair
        assertThat(groups.sendDeltaMicros()).isEqualTo(12_000 - 4_000);
        assertThat(groups.arrivalDeltaMicros()).isEqualTo(115_000 - 104_000);
        assertThat(groups.groupArrivalMicros()).isEqualTo(115_000);
    }

    @Test
    void aBurstReleasedByAQueueJoinsTheGroupBeforeIt() {
        groups.add(0, 100_000);
        // sent 20 ms later but arrived 1 ms after: the queue released both at once (draft §5.2)
        assertThat(groups.add(20_000, 101_000)).isFalse();
        groups.add(40_000, 140_000);
        assertThat(groups.add(60_000, 160_000)).isTrue();
        assertThat(groups.sendDeltaMicros()).isEqualTo(40_000 - 20_000);
        assertThat(groups.arrivalDeltaMicros()).isEqualTo(140_000 - 101_000);
    }

    @Test
    void aPacketSentBeforeTheCurrentGroupIsIgnored() {
        groups.add(10_000, 100_000);
        assertThat(groups.add(5_000, 99_000)).isFalse();
        groups.add(20_000, 110_000);
        assertThat(groups.add(30_000, 120_000)).isTrue();
        assertThat(groups.sendDeltaMicros()).isEqualTo(10_000);
    }

    @Test
    void aClockJumpStartsOver() {
        groups.add(0, 100_000);
        groups.add(10_000, 110_000);
        assertThat(groups.add(20_000, 10_000_000)).isTrue(); // the first pair is fine
        assertThat(groups.takeReset()).isFalse();
        assertThat(groups.add(30_000, 10_010_000)).isFalse(); // the second arrived 9.9 s late: a jump
        assertThat(groups.takeReset()).isTrue();
        assertThat(groups.takeReset()).isFalse();
        assertThat(groups.add(40_000, 10_020_000)).isFalse(); // a new first pair is being built
        assertThat(groups.add(50_000, 10_030_000)).isTrue();
        assertThat(groups.arrivalDeltaMicros()).isEqualTo(10_000);
    }

    @Test
    void persistentlyReorderedGroupsStartOver() {
        groups.add(0, 1_000_000);
        groups.add(10_000, 1_010_000);
        long arrival = 1_010_000;
        for (int i = 2; i < 6; i++) {
            arrival -= 5_000; // each group arrives before the one sent before it
            groups.add(i * 10_000L, arrival);
        }
        assertThat(groups.takeReset()).isTrue();
    }

    @Test
    void aGroupArrivingBeforeThePreviousOneIsDropped() {
        groups.add(0, 1_000_000);
        groups.add(10_000, 1_010_000);
        assertThat(groups.add(20_000, 1_005_000)).isTrue(); // a new group, not part of a burst
        assertThat(groups.add(30_000, 1_030_000)).isFalse(); // that group arrived out of order
        assertThat(groups.add(40_000, 1_040_000)).isTrue(); // measured against the group before it
        assertThat(groups.sendDeltaMicros()).isEqualTo(20_000);
        assertThat(groups.arrivalDeltaMicros()).isEqualTo(20_000);
        assertThat(groups.takeReset()).isFalse();
    }
}
