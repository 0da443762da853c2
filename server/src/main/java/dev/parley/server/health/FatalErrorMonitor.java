package dev.parley.server.health;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fail fast, visibly: the first fatal condition of the process (an {@link OutOfMemoryError}, an event
 * loop that died or stalls) is recorded here; from then on {@code /healthz} answers 503 {@code failing}
 * with the reason, and after {@code exitDelay} the process ends with {@link #EXIT_STATUS} so that a
 * supervisor (systemd, a container runtime) starts a fresh one. A JVM that ran out of memory, or lost
 * the thread that owns every room, cannot be trusted to recover by itself: joins hang while the port
 * stays open.
 *
 * <p>Which throwables are fatal: every {@link VirtualMachineError}, found anywhere in the cause chain.
 * That includes {@link StackOverflowError}: after one, code that was unwinding (a {@code finally}
 * block, a lock's bookkeeping, half of a map update) may have left shared state broken, and nothing
 * says which. The parsers that see client input bound their nesting (Jackson's 1000 levels, the SDP
 * and RTCP parsers are loops), so a stack overflow is a bug to be seen, not a request to be refused.
 *
 * <p>Thread-safe: reports may come from any thread, including one that just caught an OOM, so the
 * path from {@link #report} to the exit allocates as little as it can and never lets a failure to log
 * stop the exit.
 */
public final class FatalErrorMonitor {
    private static final Logger log = LoggerFactory.getLogger(FatalErrorMonitor.class);

    /** The process's exit status after a fatal error: {@code EX_SOFTWARE} of sysexits.h. */
    public static final int EXIT_STATUS = 70;
    private static final String UNNAMED_FATAL_ERROR = "OutOfMemoryError or another VirtualMachineError";

    /** What ends the process; {@code Runtime.getRuntime()::halt} in {@code Main}, something harmless in tests. */
    @FunctionalInterface
    public interface ExitAction {
        void exit(int status);
    }

    private final Duration exitDelay;
    private final ExitTimer timer;
    private final ExitAction exitAction;
    private final AtomicReference<String> failure = new AtomicReference<>();
    private volatile boolean shuttingDown;

    /**
     * @param exitDelay how long {@code /healthz} reports the failure before the process exits (a load
     *     balancer's health check gets to see it)
     * @param timer runs the exit after the delay
     * @param exitAction ends the process
     */
    public FatalErrorMonitor(Duration exitDelay, ExitTimer timer, ExitAction exitAction) {
        this.exitDelay = exitDelay;
        this.timer = timer;
        this.exitAction = exitAction;
    }

    /** The real process: halts the JVM (shutdown hooks may hang on a broken JVM) {@code exitDelay} after the first report. */
    public static FatalErrorMonitor haltingProcess(Duration exitDelay) {
        return new FatalErrorMonitor(exitDelay, ExitTimer.standbyThread(), status -> Runtime.getRuntime().halt(status));
    }

    /**
     * A server embedded in another JVM (the integration tests): the failure is recorded and reported by
     * {@code /healthz}, and the exit is only logged: the host decides what to do.
     */
    public static FatalErrorMonitor reportingOnly(Duration exitDelay) {
        return new FatalErrorMonitor(exitDelay, ExitTimer.standbyThread(),
                status -> log.error("an embedded server does not end its JVM (exit status {} not used)", status));
    }

    /** Whether {@code t}, or any of its causes, is an error the JVM may not recover from. */
    public static boolean isFatal(Throwable t) {
        int depth = 0;
        for (Throwable c = t; c != null && depth < 16; c = c.getCause(), depth++) {
            if (c instanceof VirtualMachineError) {
                return true;
            }
        }
        return false;
    }

    /**
     * Records {@code reason} if it is the first fatal condition, and starts the countdown to the exit.
     * Later reports are logged at most as a WARN line and change nothing.
     *
     * @param cause the throwable behind it, or null (a stalled loop has none)
     * @return whether this was the first report
     */
    public boolean report(String reason, Throwable cause) {
        if (!failure.compareAndSet(null, reason)) {
            return false;
        }
        try {
            log.error("fatal: {}; /healthz now reports failing, the process exits with status {} in {} ms",
                    reason, EXIT_STATUS, exitDelay.toMillis(), cause);
        } catch (Throwable logFailed) {
            // An OOM may strike again while logging; the exit must still happen.
        }
        timer.start(exitDelay, this::exitNow);
        return true;
    }

    /** Reports {@code t} as fatal if it is ({@link #isFatal}); other throwables are the caller's to handle. */
    public boolean reportIfFatal(String where, Throwable t) {
        if (!isFatal(t)) {
            return false;
        }
        String reason;
        try {
            reason = t + " in " + where;
        } catch (Throwable noMemory) {
            reason = UNNAMED_FATAL_ERROR;
        }
        report(reason, t);
        return true;
    }

    /** For {@link Thread#setDefaultUncaughtExceptionHandler}: fatal errors end the process, others are logged. */
    public Thread.UncaughtExceptionHandler uncaughtExceptionHandler() {
        return (thread, t) -> {
            try {
                if (!reportIfFatal("thread " + thread.getName(), t)) {
                    log.error("uncaught exception in thread {}", thread.getName(), t);
                }
            } catch (Throwable again) {
                // Out of memory again while building the reason: report without one.
                if (isFatal(t) || isFatal(again)) {
                    report(UNNAMED_FATAL_ERROR, t);
                }
            }
        };
    }

    /**
     * An executor that runs its tasks on {@code target} and reports a fatal error a task throws (Netty
     * would catch it, log a warning and carry on with the broken JVM).
     */
    public Executor guard(String where, Executor target) {
        return task -> target.execute(() -> {
            try {
                task.run();
            } catch (Throwable t) {
                reportIfFatal(where, t);
                throw t;
            }
        });
    }

    /** The server is closing: event loops ending from now on are expected, not a failure. */
    public void shuttingDown() {
        shuttingDown = true;
        timer.cancel();
    }

    public boolean isShuttingDown() {
        return shuttingDown;
    }

    /** The first fatal condition's reason, once there is one. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure.get());
    }

    private void exitNow() {
        try {
            log.error("exiting with status {} after a fatal error: {}", EXIT_STATUS, failure.get());
        } catch (Throwable logFailed) {
            // exit regardless
        }
        System.err.flush();
        exitAction.exit(EXIT_STATUS);
    }
}
