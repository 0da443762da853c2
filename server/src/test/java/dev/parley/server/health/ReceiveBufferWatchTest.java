package dev.parley.server.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReceiveBufferWatchTest {
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final AtomicLong kernel = new AtomicLong(40); // dropped before the first check: another life of the port

    private void advanceSeconds(long s) {
        clock.addAndGet(TimeUnit.SECONDS.toNanos(s));
    }

    @Test
    void onlyDropsSinceThePreviousCheckCountNotThoseBeforeTheServerLooked() {
        ReceiveBufferWatch watch = new ReceiveBufferWatch(kernel::get, clock::get);
        assertThat(watch.check()).isZero();
        assertThat(watch.overloaded()).isFalse();
        assertThat(watch.check()).as("no new drop").isZero();
        kernel.addAndGet(7);
        assertThat(watch.check()).isEqualTo(7);
        assertThat(watch.check()).isZero();
    }

    @Test
    void theServerIsOverloadedWhileDropsGrowAndForAFewSecondsAfter() {
        ReceiveBufferWatch watch = new ReceiveBufferWatch(kernel::get, clock::get);
        watch.check();
        kernel.addAndGet(1000);
        watch.check();
        assertThat(watch.overloaded()).isTrue();
        for (int s = 1; s < ReceiveBufferWatch.HOLD_SECONDS; s++) {
            advanceSeconds(1);
            watch.check();
            assertThat(watch.overloaded()).as("%d s after the last drop", s).isTrue();
        }
        advanceSeconds(1);
        watch.check();
        assertThat(watch.overloaded()).as("%d s without a drop", ReceiveBufferWatch.HOLD_SECONDS).isFalse();
        kernel.incrementAndGet();
        watch.check();
        assertThat(watch.overloaded()).as("one drop more").isTrue();
    }

    @Test
    void aKernelThatDoesNotSayIsNeverOverloaded() {
        ReceiveBufferWatch watch = new ReceiveBufferWatch(() -> -1, clock::get);
        assertThat(watch.check()).isZero();
        assertThat(watch.check()).isZero();
        assertThat(watch.overloaded()).isFalse();
    }

    @Test
    void readinessSaysOverloadedUnlessDrainingOrFailing() {
        Readiness r = Readiness.standalone();
        boolean[] over = {true};
        r.watchOverload(() -> over[0]);
        assertThat(r.state()).isEqualTo(Readiness.State.OVERLOADED);
        assertThat(r.state().wire()).isEqualTo("overloaded");
        over[0] = false;
        assertThat(r.state()).isEqualTo(Readiness.State.READY);
        over[0] = true;
        r.startDraining();
        assertThat(r.state()).isEqualTo(Readiness.State.DRAINING);
    }
}
