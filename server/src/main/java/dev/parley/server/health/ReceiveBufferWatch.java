package dev.parley.server.health;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the kernel's drops on the media port (datagrams lost because its receive buffers were full: the
 * media loops fell behind, and every call on the server lost packets that no counter of the server's own
 * saw). While drops keep growing, and for {@value #HOLD_SECONDS} s after, the server is overloaded
 * ({@link #overloaded}): {@link Readiness} says so, and new joins are refused with a clear error instead of
 * timing out in DTLS behind the busy loop, so the calls in progress keep what the server can give. The log
 * says it too, at most once every {@value #LOG_EVERY_SECONDS} s.
 *
 * <p>Thread-safe: {@link #check} on one thread at a time (a timer's), {@link #overloaded} from any.
 */
public final class ReceiveBufferWatch {
    private static final Logger log = LoggerFactory.getLogger(ReceiveBufferWatch.class);
    static final long PERIOD_MILLIS = 1000;
    /** How long after the last drop the server still counts as overloaded. */
    public static final long HOLD_SECONDS = 5;
    static final long LOG_EVERY_SECONDS = 10;

    private final LongSupplier drops;
    private final LongSupplier nanos;
    private long last = -1;
    private long unlogged;
    private long lastLogNanos;
    private boolean logged;
    private volatile boolean grew;
    private volatile long lastGrowthNanos;

    /**
     * @param drops the port's kernel drops since it was bound, -1 where the kernel does not say
     * @param nanos the clock ({@link System#nanoTime} but in tests)
     */
    public ReceiveBufferWatch(LongSupplier drops, LongSupplier nanos) {
        this.drops = drops;
        this.nanos = nanos;
    }

    /**
     * Checks every second: the timer runs on {@code timers} (not a media loop: an overloaded loop runs its
     * timers late), the check itself (it reads {@code /proc}) on {@code offLoop}.
     */
    public static ReceiveBufferWatch start(LongSupplier drops, ScheduledExecutorService timers, Executor offLoop) {
        ReceiveBufferWatch watch = new ReceiveBufferWatch(drops, System::nanoTime);
        watch.check(); // the count now, before any client: a drop from here on is this server's
        timers.scheduleAtFixedRate(() -> {
            try {
                offLoop.execute(watch::check);
            } catch (RejectedExecutionException e) {
                // the signaling threads are busy or stopping: the next period checks
            }
        }, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        return watch;
    }

    /**
     * Datagrams dropped since the previous check: 0 at the first, which takes the count as it is (a socket
     * of another process on the same port number may have dropped some), and where the kernel does not say.
     */
    synchronized long check() {
        long now = drops.getAsLong();
        if (now < 0) {
            return 0;
        }
        long dropped = last < 0 ? 0 : Math.max(0, now - last);
        last = now;
        long t = nanos.getAsLong();
        if (dropped > 0) {
            unlogged += dropped;
            lastGrowthNanos = t;
            grew = true;
        }
        if (unlogged > 0 && (!logged || t - lastLogNanos >= TimeUnit.SECONDS.toNanos(LOG_EVERY_SECONDS))) {
            log.warn("the media port's receive buffers overflowed: the kernel dropped {} more datagram(s), lost"
                    + " to the calls on this server. The media loops cannot keep up: new joins are refused until"
                    + " {} s pass without a drop. See parley_media_forwarding_delay_seconds and"
                    + " parley_event_loop_lag_seconds; give the server more cores (--media-threads) or fewer users",
                    unlogged, HOLD_SECONDS);
            unlogged = 0;
            lastLogNanos = t;
            logged = true;
        }
        return dropped;
    }

    /** Whether the kernel dropped datagrams on the port in the last {@value #HOLD_SECONDS} s. Any thread. */
    public boolean overloaded() {
        return grew && nanos.getAsLong() - lastGrowthNanos < TimeUnit.SECONDS.toNanos(HOLD_SECONDS);
    }
}
