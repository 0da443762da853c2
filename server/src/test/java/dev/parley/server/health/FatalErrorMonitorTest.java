package dev.parley.server.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

class FatalErrorMonitorTest {
    private final ManualExitTimer timer = new ManualExitTimer();
    private final List<Integer> exits = new ArrayList<>();
    private final FatalErrorMonitor monitor = new FatalErrorMonitor(Duration.ofMillis(1500), timer, exits::add);

    @Test
    void aHealthyProcessHasNoFailureAndNoExitPending() {
        assertThat(monitor.failure()).isEmpty();
        assertThat(timer.isStarted()).isFalse();
    }

    @Test
    void theFirstReportIsKeptAndStartsTheCountdownWithTheConfiguredDelay() {
        assertThat(monitor.report("event loop media died", null)).isTrue();
        assertThat(monitor.report("something later", new OutOfMemoryError())).isFalse();

        assertThat(monitor.failure()).contains("event loop media died");
        assertThat(timer.started).isCompletedWithValue(Duration.ofMillis(1500));
        assertThat(exits).as("nothing exits before the delay").isEmpty();
    }

    @Test
    void whenTheDelayHasPassedTheProcessExitsWithStatus70() {
        monitor.report("out of memory", new OutOfMemoryError("Java heap space"));

        timer.fire();

        assertThat(exits).containsExactly(70);
        assertThat(FatalErrorMonitor.EXIT_STATUS).isEqualTo(70);
    }

    @Test
    void virtualMachineErrorsAreFatalAnywhereInTheCauseChain() {
        assertThat(FatalErrorMonitor.isFatal(new OutOfMemoryError())).isTrue();
        assertThat(FatalErrorMonitor.isFatal(new StackOverflowError())).as("decided: fatal, see the class doc").isTrue();
        assertThat(FatalErrorMonitor.isFatal(new InternalError())).isTrue();
        assertThat(FatalErrorMonitor.isFatal(new CompletionException(new OutOfMemoryError()))).isTrue();
        assertThat(FatalErrorMonitor.isFatal(new RuntimeException(new RuntimeException(new OutOfMemoryError()))))
                .isTrue();
    }

    @Test
    void otherThrowablesAreNotFatal() {
        assertThat(FatalErrorMonitor.isFatal(new IllegalStateException())).isFalse();
        assertThat(FatalErrorMonitor.isFatal(new UncheckedIOException(new java.io.IOException("reset")))).isFalse();
        assertThat(FatalErrorMonitor.isFatal(new AssertionError())).isFalse();
        assertThat(FatalErrorMonitor.isFatal(new NoClassDefFoundError())).isFalse();

        assertThat(monitor.reportIfFatal("a request", new IllegalStateException())).isFalse();
        assertThat(monitor.failure()).isEmpty();
    }

    @Test
    void aCauseChainThatLoopsDoesNotHangTheCheck() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);

        assertThat(FatalErrorMonitor.isFatal(a)).isFalse();
    }

    @Test
    void aGuardedExecutorReportsAFatalErrorOfItsTaskAndRethrowsIt() {
        Executor guarded = monitor.guard("the SFU thread", Runnable::run);

        assertThatThrownBy(() -> guarded.execute(() -> {
            throw new OutOfMemoryError("Java heap space");
        })).isInstanceOf(OutOfMemoryError.class);

        assertThat(monitor.failure()).hasValueSatisfying(reason -> assertThat(reason)
                .contains("OutOfMemoryError").contains("Java heap space").contains("the SFU thread"));
        assertThat(timer.isStarted()).isTrue();
    }

    @Test
    void aGuardedExecutorLeavesOrdinaryExceptionsToWhoeverRunsTheTask() {
        Executor guarded = monitor.guard("the SFU thread", Runnable::run);

        assertThatThrownBy(() -> guarded.execute(() -> {
            throw new IllegalArgumentException("bad request");
        })).isInstanceOf(IllegalArgumentException.class);

        assertThat(monitor.failure()).isEmpty();
    }

    @Test
    void theUncaughtExceptionHandlerReportsFatalErrorsOnly() {
        Thread.UncaughtExceptionHandler handler = monitor.uncaughtExceptionHandler();
        Thread t = new Thread(() -> { }, "dtls-handshake-3");

        handler.uncaughtException(t, new IllegalStateException("a bug"));
        assertThat(monitor.failure()).isEmpty();

        handler.uncaughtException(t, new StackOverflowError());
        assertThat(monitor.failure()).hasValueSatisfying(r -> assertThat(r).contains("dtls-handshake-3"));
    }

    @Test
    void aServerThatIsClosingCancelsTheStandbyExit() {
        monitor.shuttingDown();

        assertThat(monitor.isShuttingDown()).isTrue();
        assertThat(timer.cancelled).isTrue();
    }
}
