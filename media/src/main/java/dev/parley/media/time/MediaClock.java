package dev.parley.media.time;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The one clock of the media path: a {@link Clock} (wall-clock milliseconds, for timers and reports) that
 * also reads a monotonic nanosecond counter, for what congestion control and rate limits measure (send
 * and arrival times, token buckets). Everything that waits or measures takes one, so tests drive time.
 */
public abstract class MediaClock extends Clock {
    /** A monotonic reading in nanoseconds, like {@link System#nanoTime()}: only differences mean anything. */
    public abstract long nanoTime();

    /** {@link #nanoTime()} in microseconds, the unit of the congestion-control code. */
    public final long micros() {
        return nanoTime() / 1000;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    /** The system's clocks. */
    public static MediaClock system() {
        return SystemClock.INSTANCE;
    }

    private static final class SystemClock extends MediaClock {
        static final SystemClock INSTANCE = new SystemClock();

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public long millis() {
            return System.currentTimeMillis();
        }

        @Override
        public Instant instant() {
            return Instant.now();
        }
    }
}
