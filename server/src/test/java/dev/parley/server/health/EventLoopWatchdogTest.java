package dev.parley.server.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

class EventLoopWatchdogTest {
    private static final Duration STALL_LIMIT = Duration.ofSeconds(10);

    private final ManualExitTimer timer = new ManualExitTimer();
    private final FatalErrorMonitor monitor = new FatalErrorMonitor(Duration.ofSeconds(1), timer, status -> { });
    private final FakeLoop loop = new FakeLoop();
    private long now = 1_000_000_000L;
    private final EventLoopWatchdog watchdog = new EventLoopWatchdog(
            List.of(new EventLoopWatchdog.WatchedLoop("media", loop, () -> loop.shutDown)), monitor, STALL_LIMIT,
            () -> now);

    /** A loop whose queued tasks run when the test says. */
    private static final class FakeLoop implements Executor {
        final ArrayDeque<Runnable> queue = new ArrayDeque<>();
        boolean shutDown;
        boolean rejecting;

        @Override
        public void execute(Runnable task) {
            if (rejecting) {
                throw new RejectedExecutionException("event executor terminated");
            }
            queue.add(task);
        }

        void runTasks() {
            while (!queue.isEmpty()) {
                queue.poll().run();
            }
        }
    }

    private void seconds(long s) {
        now += Duration.ofSeconds(s).toNanos();
    }

    @Test
    void aLoopThatRunsItsNoOpEverySecondIsHealthy() {
        for (int i = 0; i < 60; i++) {
            watchdog.check();
            loop.runTasks();
            seconds(1);
        }

        assertThat(monitor.failure()).isEmpty();
    }

    @Test
    void aLoopThatHasNotRunItsNoOpWithinTheStallLimitIsReported() {
        watchdog.check(); // posts
        seconds(10);
        watchdog.check();
        assertThat(monitor.failure()).as("exactly the limit is tolerated").isEmpty();

        seconds(1);
        watchdog.check();

        assertThat(monitor.failure()).hasValueSatisfying(r -> assertThat(r).contains("media")
                .contains("has not run a task for 11 s"));
    }

    @Test
    void aSlowLoopIsNotSentMoreNoOpsWhileOneIsOutstanding() {
        for (int i = 0; i < 5; i++) {
            watchdog.check();
            seconds(1);
        }

        assertThat(loop.queue).hasSize(1);
        loop.runTasks();
        watchdog.check();
        assertThat(loop.queue).hasSize(1);
        assertThat(monitor.failure()).isEmpty();
    }

    @Test
    void aLoopShutDownWhileTheServerRunsIsReported() {
        loop.shutDown = true;

        watchdog.check();

        assertThat(monitor.failure()).hasValueSatisfying(r -> assertThat(r).contains("media").contains("shut down"));
    }

    @Test
    void aLoopThatRefusesTasksIsReported() {
        loop.rejecting = true;

        watchdog.check();

        assertThat(monitor.failure()).hasValueSatisfying(r -> assertThat(r).contains("refuses tasks"));
    }

    @Test
    void nothingIsReportedOnceTheServerIsClosing() {
        watchdog.check();
        monitor.shuttingDown();
        loop.shutDown = true;
        seconds(60);

        watchdog.check();

        assertThat(monitor.failure()).isEmpty();
    }
}
