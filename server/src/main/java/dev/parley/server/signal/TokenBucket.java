package dev.parley.server.signal;

import java.util.function.LongSupplier;

/**
 * A token bucket: {@code capacity} tokens, refilled at {@code perSecond}; each admitted action takes one.
 * Not thread-safe: its owner confines or locks it. Time comes from an injectable nanosecond source.
 */
final class TokenBucket {
    private final double capacity;
    private final double perNano;
    private final LongSupplier nanos;
    private double tokens;
    private long last;

    TokenBucket(double capacity, double perSecond, LongSupplier nanos) {
        this.capacity = capacity;
        this.perNano = perSecond / 1e9;
        this.nanos = nanos;
        this.tokens = capacity;
        this.last = nanos.getAsLong();
    }

    /** Takes a token if there is one. */
    boolean tryTake() {
        refill();
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** Whether a token is there, without taking it. */
    boolean hasToken() {
        refill();
        return tokens >= 1;
    }

    /** Seconds until the next token, rounded up; 0 when one is there. */
    long secondsUntilToken() {
        refill();
        return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / perNano / 1e9);
    }

    private void refill() {
        long now = nanos.getAsLong();
        tokens = Math.min(capacity, tokens + (now - last) * perNano);
        last = now;
    }
}
