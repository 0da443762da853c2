package dev.parley.server.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReceiveBufferWatchTest {
    @Test
    void onlyDropsSinceThePreviousCheckAreReportedNotThoseBeforeTheServerLooked() {
        AtomicLong kernel = new AtomicLong(40); // dropped before the first check: another life of the port
        ReceiveBufferWatch watch = new ReceiveBufferWatch(kernel::get);
        assertThat(watch.check()).isZero();
        assertThat(watch.check()).as("no new drop").isZero();
        kernel.addAndGet(7);
        assertThat(watch.check()).isEqualTo(7);
        assertThat(watch.check()).isZero();
    }

    @Test
    void aKernelThatDoesNotSayIsNoDrop() {
        ReceiveBufferWatch watch = new ReceiveBufferWatch(() -> -1);
        assertThat(watch.check()).isZero();
        assertThat(watch.check()).isZero();
    }
}
