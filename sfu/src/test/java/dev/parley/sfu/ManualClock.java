package dev.parley.sfu;

import dev.parley.media.time.MediaClock;
import java.time.Duration;
import java.time.Instant;

/** A clock that moves only when a test says so; its monotonic reading moves with it. */
public final class ManualClock extends MediaClock {
    private Instant now;

    public ManualClock(long epochMillis) {
        this.now = Instant.ofEpochMilli(epochMillis);
    }

    void advance(Duration d) {
        now = now.plus(d);
    }

    public void advanceMillis(long millis) {
        now = now.plusMillis(millis);
    }

    @Override
    public long nanoTime() {
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public Instant instant() {
        return now;
    }
}
