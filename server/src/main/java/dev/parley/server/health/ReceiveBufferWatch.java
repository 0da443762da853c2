package dev.parley.server.health;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says in the log when the kernel dropped datagrams on the media port because its receive buffers were
 * full: the media loops fell behind (a saturated core), and every call on the server lost packets without
 * any counter of the server's own seeing it. One line per period at most, with the count.
 */
public final class ReceiveBufferWatch {
    private static final Logger log = LoggerFactory.getLogger(ReceiveBufferWatch.class);
    static final long PERIOD_SECONDS = 10;

    private final LongSupplier drops;
    private long last = -1;

    /** @param drops the port's kernel drops since it was bound, -1 where the kernel does not say */
    public ReceiveBufferWatch(LongSupplier drops) {
        this.drops = drops;
    }

    /**
     * Checks every {@value #PERIOD_SECONDS} s: the timer runs on {@code timers}, the check (it reads
     * {@code /proc}) on {@code offLoop}.
     */
    public static ReceiveBufferWatch start(LongSupplier drops, ScheduledExecutorService timers, Executor offLoop) {
        ReceiveBufferWatch watch = new ReceiveBufferWatch(drops);
        timers.scheduleAtFixedRate(() -> {
            try {
                offLoop.execute(watch::check);
            } catch (RejectedExecutionException e) {
                // the server is stopping
            }
        }, PERIOD_SECONDS, PERIOD_SECONDS, TimeUnit.SECONDS);
        return watch;
    }

    /** Datagrams dropped since the previous check (0 at the first, and where the kernel does not say). */
    synchronized long check() {
        long now = drops.getAsLong();
        if (now < 0) {
            return 0;
        }
        long dropped = last < 0 ? 0 : Math.max(0, now - last);
        last = now;
        if (dropped > 0) {
            log.warn("the media port's receive buffers overflowed: the kernel dropped {} datagram(s) in the last"
                    + " {} s, lost to every call on this server. The media loops cannot keep up: see"
                    + " parley_media_forwarding_delay_seconds and parley_event_loop_lag_seconds, give the server"
                    + " more cores (--media-threads) or fewer users", dropped, PERIOD_SECONDS);
        }
        return dropped;
    }
}
