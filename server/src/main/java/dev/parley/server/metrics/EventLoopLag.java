package dev.parley.server.metrics;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.concurrent.SingleThreadEventExecutor;
import java.util.concurrent.TimeUnit;

/**
 * How late an event loop runs a task scheduled on it (its lag) and how many tasks wait in its queue: a probe
 * task every {@link #PERIOD_MILLIS} ms measures the first; the loop's own count gives the second.
 */
final class EventLoopLag implements AutoCloseable {
    static final long PERIOD_MILLIS = 1000;

    private final EventExecutor loop;
    private volatile long lagNanos;
    private volatile long expectedAt;
    private volatile ScheduledFuture<?> next;
    private volatile boolean closed;

    EventLoopLag(EventExecutor loop) {
        this.loop = loop;
    }

    EventLoopLag start() {
        schedule();
        return this;
    }

    private void schedule() {
        if (closed || loop.isShuttingDown()) {
            return;
        }
        expectedAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PERIOD_MILLIS);
        next = loop.schedule(this::probe, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void probe() {
        lagNanos = Math.max(0, System.nanoTime() - expectedAt);
        schedule();
    }

    /** The last probe's lateness, in seconds. */
    double lagSeconds() {
        return lagNanos / 1e9;
    }

    /** Tasks waiting in the loop's queue (-1 where the loop cannot tell). */
    double pendingTasks() {
        return loop instanceof SingleThreadEventExecutor s ? s.pendingTasks() : -1;
    }

    @Override
    public void close() {
        closed = true;
        ScheduledFuture<?> f = next;
        if (f != null) {
            f.cancel(false);
        }
    }
}
