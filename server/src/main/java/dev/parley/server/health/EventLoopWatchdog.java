package dev.parley.server.health;

import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Checks that every event loop still runs tasks: each {@link #check()} posts a no-op to each loop that
 * ran the previous one, and reports to the {@link FatalErrorMonitor} a loop that was shut down while
 * the server runs, or that has not run its no-op within the stall limit (blocked by a bug, or spinning).
 * {@link #start} calls {@code check()} every second on a thread of its own; tests call it directly with
 * a clock of their own.
 */
public final class EventLoopWatchdog implements AutoCloseable {
    public static final Duration DEFAULT_STALL_LIMIT = Duration.ofSeconds(10);
    private static final long CHECK_INTERVAL_MILLIS = 1000;

    /** A loop as the watchdog sees it. */
    public record WatchedLoop(String name, Executor executor, BooleanSupplier isShutDown) {
        public static WatchedLoop of(String name, EventExecutor loop) {
            return new WatchedLoop(name, loop, loop::isShuttingDown);
        }
    }

    private final List<Probe> probes = new ArrayList<>();
    private final FatalErrorMonitor monitor;
    private final long stallLimitNanos;
    private final LongSupplier nanoTime;
    private volatile Thread thread;

    /** One loop's outstanding no-op. The same instance is posted again each time: nothing to allocate. */
    private final class Probe implements Runnable {
        final WatchedLoop loop;
        volatile boolean outstanding;
        long postedAt; // watchdog thread only

        Probe(WatchedLoop loop) {
            this.loop = loop;
        }

        @Override
        public void run() {
            outstanding = false;
        }
    }

    public EventLoopWatchdog(List<WatchedLoop> loops, FatalErrorMonitor monitor, Duration stallLimit,
                             LongSupplier nanoTime) {
        loops.forEach(l -> probes.add(new Probe(l)));
        this.monitor = monitor;
        this.stallLimitNanos = stallLimit.toNanos();
        this.nanoTime = nanoTime;
    }

    /** A watchdog checking every second on its own daemon thread. */
    public static EventLoopWatchdog start(List<WatchedLoop> loops, FatalErrorMonitor monitor, Duration stallLimit) {
        EventLoopWatchdog w = new EventLoopWatchdog(loops, monitor, stallLimit, System::nanoTime);
        Thread t = new Thread(w::run, "event-loop-watchdog");
        t.setDaemon(true);
        w.thread = t;
        t.start();
        return w;
    }

    private void run() {
        while (thread != null) {
            try {
                check();
            } catch (Throwable t) {
                // This thread must outlive an OOM: it may be the one that notices the JVM is broken.
                monitor.reportIfFatal("the event loop watchdog", t);
            }
            try {
                Thread.sleep(CHECK_INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One round: report what is wrong, post what is due. */
    public void check() {
        if (monitor.isShuttingDown()) {
            return;
        }
        long now = nanoTime.getAsLong();
        for (Probe p : probes) {
            if (p.loop.isShutDown().getAsBoolean()) {
                monitor.report("event loop " + p.loop.name() + " was shut down while the server was running", null);
            } else if (p.outstanding) {
                if (now - p.postedAt > stallLimitNanos) {
                    monitor.report("event loop " + p.loop.name() + " has not run a task for "
                            + Duration.ofNanos(now - p.postedAt).toSeconds() + " s", null);
                }
            } else {
                p.outstanding = true;
                p.postedAt = now;
                try {
                    p.loop.executor().execute(p);
                } catch (RejectedExecutionException e) {
                    monitor.report("event loop " + p.loop.name() + " refuses tasks: " + e.getMessage(), null);
                }
            }
        }
    }

    @Override
    public void close() {
        Thread t = thread;
        thread = null;
        if (t != null) {
            t.interrupt();
        }
    }
}
