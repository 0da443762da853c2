package dev.parley.sfu.uplink;

import java.time.Clock;

/**
 * Merges keyframe requests for one published video track: however many subscribers ask (PLI/FIR, or a
 * new subscription), the publisher receives at most one PLI per interval (RFC 4585 §6.3.1).
 */
final class KeyframeRequester {
    private final Clock clock;
    private final long intervalMillis;
    private long lastSent = Long.MIN_VALUE / 2;
    private boolean pending;

    KeyframeRequester(Clock clock, long intervalMillis) {
        this.clock = clock;
        this.intervalMillis = intervalMillis;
    }

    /** Asks for a keyframe; returns true when a PLI should be sent now (else it is merged or deferred). */
    boolean request() {
        long now = clock.millis();
        if (now - lastSent >= intervalMillis) {
            lastSent = now;
            pending = false;
            return true;
        }
        pending = true;
        return false;
    }

    /** Remembers a request that cannot be sent yet (the publisher is not connected); {@link #due} sends it. */
    void defer() {
        pending = true;
    }

    /** Called periodically: true when a deferred request is now due. */
    boolean due() {
        if (pending && clock.millis() - lastSent >= intervalMillis) {
            lastSent = clock.millis();
            pending = false;
            return true;
        }
        return false;
    }

    /** A keyframe arrived: requests made before it are satisfied. */
    void keyframeReceived() {
        pending = false;
    }
}
