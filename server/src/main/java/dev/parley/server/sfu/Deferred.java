package dev.parley.server.sfu;

import dev.parley.server.signal.SignalException;

/**
 * A value read off the SFU thread (a parsed SDP, a request's fields) whose refusal is deferred until the
 * SFU has checked the request's state: a client told "answer the previous offer first" or "join a room
 * first" learns what it did wrong before what it wrote wrong, whichever thread did the parsing.
 */
public final class Deferred<T> {
    /** The reading that may be refused. */
    public interface Reading<T> {
        T read() throws SignalException;
    }

    private final T value;
    private final SignalException refusal;

    private Deferred(T value, SignalException refusal) {
        this.value = value;
        this.refusal = refusal;
    }

    /** Reads now; keeps the refusal, if any, for {@link #get}. */
    public static <T> Deferred<T> of(Reading<T> reading) {
        try {
            return new Deferred<>(reading.read(), null);
        } catch (SignalException e) {
            return new Deferred<>(null, e);
        }
    }

    /** The value, or the refusal of reading it. */
    public T get() throws SignalException {
        if (refusal != null) {
            throw refusal;
        }
        return value;
    }
}
