package dev.parley.server.health;

import io.netty.channel.DefaultSelectStrategyFactory;
import io.netty.channel.SelectStrategy;
import io.netty.channel.SelectStrategyFactory;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * <b>Test-only.</b> Faults the integration tests cause in the real server process to see it fail fast:
 * an {@link OutOfMemoryError} on the SFU thread, the death of the media event loop's thread, and a stalled
 * SFU thread (the overload test).
 * Present only when the JVM runs with {@code -Dparley.faultInjection=true}; never set it in production.
 * The HTTP side is {@code http/FaultInjectionHandler} (loopback clients only).
 */
public final class FaultInjection {
    public static final String PROPERTY = "parley.faultInjection";

    private volatile boolean killMediaLoop;
    private volatile Executor sfuThread;

    FaultInjection() { // package-private for the tests
    }

    /** Present only when the system property {@value #PROPERTY} is {@code true}. */
    public static Optional<FaultInjection> fromSystemProperty() {
        return Boolean.getBoolean(PROPERTY) ? Optional.of(new FaultInjection()) : Optional.empty();
    }

    /**
     * For the media event loop group: Netty's own strategy, except that once {@link #killMediaLoop} was
     * asked it throws an {@link Error} from the loop body itself, outside any task, which is what ends an
     * event loop's thread (Netty rethrows errors there; a task's errors it would only log).
     */
    public SelectStrategyFactory mediaLoopSelectStrategy() {
        return () -> {
            SelectStrategy netty = DefaultSelectStrategyFactory.INSTANCE.newSelectStrategy();
            return (selectSupplier, hasTasks) -> {
                if (killMediaLoop) {
                    killMediaLoop = false;
                    throw new InjectedFault("media event loop killed by POST /api/fault/kill-media-loop");
                }
                return netty.calculateStrategy(selectSupplier, hasTasks);
            };
        };
    }

    /** The SFU thread as signaling sees it (guarded by the {@link FatalErrorMonitor}). */
    public void attach(Executor sfuThread) {
        this.sfuThread = sfuThread;
    }

    /** Throws an OutOfMemoryError in a task on the SFU thread, where a join's or a publish's would be. */
    public void throwOutOfMemoryOnSfuThread() {
        sfuThread.execute(() -> {
            throw new OutOfMemoryError("injected by POST /api/fault/oom");
        });
    }

    /**
     * Holds the SFU thread for {@code millis} (at most 5 s, under the watchdog's stall limit): a loop that
     * falls behind as an overloaded one does, while what arrives piles up in its socket's receive buffer.
     */
    public void stallSfuThread(long millis) {
        long hold = Math.min(Math.max(0, millis), 5000);
        sfuThread.execute(() -> {
            try {
                Thread.sleep(hold);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Makes the media loop's thread end at its next iteration (woken by a no-op task). */
    public void killMediaLoop() {
        killMediaLoop = true;
        sfuThread.execute(() -> { });
    }

    /** The error a fault throws where no JVM error would do (it is not itself a VirtualMachineError). */
    static final class InjectedFault extends Error {
        InjectedFault(String message) {
            super(message);
        }
    }
}
