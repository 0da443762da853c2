package dev.parley.server.signal;

import java.util.function.LongSupplier;

/**
 * One connection's request rate: a bucket of twice the per-second limit refilled at the limit. Past it a
 * request is refused with an error; a client that keeps sending at more than twice the limit while
 * refused is abusive and gets disconnected (each refusal still costs the server a reply). I/O thread only.
 */
final class RequestRate {
    enum Verdict { ADMITTED, REFUSED, ABUSIVE }

    private static final long SECOND = 1_000_000_000L;

    private final int perSecond;
    private final LongSupplier nanos;
    private final TokenBucket bucket;
    private long windowStart;
    private int refusedInWindow;

    RequestRate(int perSecond, LongSupplier nanos) {
        this.perSecond = perSecond;
        this.nanos = nanos;
        this.bucket = new TokenBucket(2.0 * perSecond, perSecond, nanos);
        this.windowStart = nanos.getAsLong();
    }

    Verdict admit() {
        if (bucket.tryTake()) {
            return Verdict.ADMITTED;
        }
        long now = nanos.getAsLong();
        if (now - windowStart >= SECOND) {
            windowStart = now;
            refusedInWindow = 0;
        }
        return ++refusedInWindow > 2 * perSecond ? Verdict.ABUSIVE : Verdict.REFUSED;
    }
}
