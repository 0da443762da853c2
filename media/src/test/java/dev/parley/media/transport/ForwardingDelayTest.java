package dev.parley.media.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import org.junit.jupiter.api.Test;

class ForwardingDelayTest {
    private static final double[] BOUNDS = ForwardingDelay.upperBoundsSeconds();

    private static int bucketOf(double seconds) {
        int b = 0;
        while (b < BOUNDS.length && seconds > BOUNDS[b]) {
            b++;
        }
        return b;
    }

    @Test
    void eachPacketWrittenIsTimedFromItsCausesReadToTheFlush() {
        ForwardingDelay d = new ForwardingDelay(8);
        d.written(1_000_000);
        d.written(1_900_000);
        assertThat(d.snapshot().count()).as("nothing is counted before the flush").isZero();
        d.flushed(2_000_000); // 1 ms and 100 µs after the reads
        ForwardingDelay.Snapshot s = d.snapshot();
        assertThat(s.count()).isEqualTo(2);
        assertThat(s.counts()[bucketOf(0.001)]).isEqualTo(1);
        assertThat(s.counts()[bucketOf(0.0001)]).isEqualTo(1);
        assertThat(s.sumSeconds()).isEqualTo(0.0011, offset(1e-12));
        d.flushed(9_000_000);
        assertThat(d.snapshot().count()).as("a flush with nothing written counts nothing").isEqualTo(2);
    }

    @Test
    void aBoundItselfFallsInItsBucketAndLongerDelaysInTheLast() {
        ForwardingDelay d = new ForwardingDelay(1);
        d.record(1_000_000); // exactly 1 ms: le="0.001"
        d.record(1_000_001);
        d.record(5_000_000_000L); // 5 s: above every bound
        d.record(-3); // a clock read out of order counts as no delay, not as a negative one
        long[] c = d.snapshot().counts();
        assertThat(c).hasSize(BOUNDS.length + 1);
        assertThat(c[bucketOf(0.001)]).isEqualTo(1);
        assertThat(c[bucketOf(0.001) + 1]).isEqualTo(1);
        assertThat(c[BOUNDS.length]).isEqualTo(1);
        assertThat(c[0]).isEqualTo(1);
    }

    @Test
    void moreUnflushedWritesThanItExpectsAreCountedNotLostOrOverflowed() {
        ForwardingDelay d = new ForwardingDelay(4);
        long now = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            d.written(now);
        }
        d.flushed(System.nanoTime());
        assertThat(d.snapshot().count()).isEqualTo(10);
    }

    @Test
    void theBoundsAscendAndEndAtOneSecond() {
        for (int i = 1; i < BOUNDS.length; i++) {
            assertThat(BOUNDS[i]).isGreaterThan(BOUNDS[i - 1]);
        }
        assertThat(BOUNDS[BOUNDS.length - 1]).isEqualTo(1.0);
    }
}
