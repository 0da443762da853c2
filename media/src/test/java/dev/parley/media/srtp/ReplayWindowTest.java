package dev.parley.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReplayWindowTest {

    @Test
    void acceptsOnlyPowersOfTwoFrom64To32768() {
        ReplayWindow.checkSize(64);
        ReplayWindow.checkSize(1024);
        ReplayWindow.checkSize(32768);
        for (int size : new int[] {0, 32, 63, 100, 65536, -64}) {
            assertThatThrownBy(() -> ReplayWindow.checkSize(size)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theWindowSpansExactlyItsSize() {
        ReplayWindow window = new ReplayWindow(64);
        window.accept(1000);

        assertThat(window.check(1000 - 63)).isEqualTo(ReplayWindow.FRESH);
        assertThat(window.check(1000 - 64)).isEqualTo(ReplayWindow.TOO_OLD);
        assertThat(window.check(1000)).isEqualTo(ReplayWindow.REPLAYED);
        assertThat(window.check(1001)).isEqualTo(ReplayWindow.FRESH);
    }

    @Test
    void slidingForgetsSlotsOfIndexesItSkipped() {
        ReplayWindow window = new ReplayWindow(64);
        for (long i = 0; i < 64; i++) {
            window.accept(i);
        }
        window.accept(100); // skips 64..99, whose slots held 0..35

        for (long i = 64; i < 100; i++) {
            assertThat(window.check(i)).as("index %d", i).isEqualTo(ReplayWindow.FRESH);
        }
        assertThat(window.check(37)).as("still inside, and received").isEqualTo(ReplayWindow.REPLAYED);
        assertThat(window.check(36)).isEqualTo(ReplayWindow.TOO_OLD);
        assertThat(window.check(100)).isEqualTo(ReplayWindow.REPLAYED);

        window.accept(100 + 5000); // a jump beyond the window clears it all
        assertThat(window.check(5100 - 63)).isEqualTo(ReplayWindow.FRESH);
        assertThat(window.check(5100)).isEqualTo(ReplayWindow.REPLAYED);
    }
}
