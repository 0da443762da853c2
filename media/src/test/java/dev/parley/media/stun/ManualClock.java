package dev.parley.media.stun;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that moves only when a test says so. */
final class ManualClock extends Clock {
    private Instant now;

    ManualClock(Instant start) {
        this.now = start;
    }

    ManualClock() {
        this(Instant.parse("2025-01-01T00:00:00Z"));
    }

    void advance(Duration step) {
        now = now.plus(step);
    }

    void advanceMillis(long millis) {
        advance(Duration.ofMillis(millis));
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a manual clock stays in UTC");
    }
}
