package dev.parley.media.transport;

import dev.parley.media.time.MediaClock;
import java.time.Duration;
import java.time.Instant;

/**
 * A clock that moves only when a test says so; its monotonic reading moves with it. Volatile, because
 * the test thread moves it while the port's loop reads it.
 */
final class ManualClock extends MediaClock {
    private volatile Instant now;

    ManualClock(Instant start) {
        this.now = start;
    }

    void advance(Duration step) {
        now = now.plus(step);
    }

    @Override
    public long nanoTime() {
        Instant t = now;
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public long millis() {
        return now.toEpochMilli();
    }
}
