package dev.parley.media.cc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SentPacketHistoryTest {
    private final SentPacketHistory history = new SentPacketHistory();

    @Test
    void findsPacketsByTheirSequenceNumberAcrossTheWrap() {
        for (int i = 0; i < 20; i++) {
            history.add((65_530 + i) & 0xFFFF, 100 + i, 1_000 + i, i == 7 ? 3 : -1);
        }
        int slot = history.find(65_535);
        assertThat(slot).isNotNegative();
        assertThat(history.size(slot)).isEqualTo(105);
        assertThat(history.sendTime(slot)).isEqualTo(1_005);
        assertThat(history.cluster(slot)).isEqualTo(-1);
        int wrapped = history.find(1);
        assertThat(history.sendTime(wrapped)).isEqualTo(1_007);
        assertThat(history.cluster(wrapped)).isEqualTo(3);
        assertThat(history.state(wrapped)).isEqualTo(SentPacketHistory.UNREPORTED);
    }

    @Test
    void packetsNotSentYetOrOverwrittenAreNotFound() {
        assertThat(history.find(0)).isEqualTo(-1);
        for (int i = 0; i < SentPacketHistory.CAPACITY + 10; i++) {
            history.add(i & 0xFFFF, 1200, i, -1);
        }
        assertThat(history.find(SentPacketHistory.CAPACITY + 10)).isEqualTo(-1); // in the future
        assertThat(history.find(0)).isEqualTo(-1); // overwritten by CAPACITY
        assertThat(history.find(9)).isEqualTo(-1); // overwritten by CAPACITY + 9
        assertThat(history.find(10)).isNotNegative(); // the oldest still kept
        assertThat(history.find(SentPacketHistory.CAPACITY + 9)).isNotNegative();
    }

    @Test
    void sizesAreClampedToSixteenBits() {
        history.add(1, -3, 0, -1);
        history.add(2, 1 << 20, 0, -1);
        assertThat(history.size(history.find(1))).isZero();
        assertThat(history.size(history.find(2))).isEqualTo(0xFFFF);
    }
}
