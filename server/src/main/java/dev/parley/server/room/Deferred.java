package dev.parley.server.room;

import dev.parley.sfu.NegotiationException;

/**
 * A client's SDP parsed off the SFU thread, whose refusal is deferred until the room has checked the
 * request's state: a client told "answer the previous offer first" or "join a room first" learns what it
 * did wrong before what it wrote wrong, whichever thread did the parsing.
 */
public final class Deferred<T> {
    /** The reading that may be refused. */
    public interface Reading<T> {
        T read() throws NegotiationException;
    }

    private final T value;
    private final NegotiationException refusal;

    private Deferred(T value, NegotiationException refusal) {
        this.value = value;
        this.refusal = refusal;
    }

    /** Reads now; keeps the refusal, if any, for {@link #get}. */
    public static <T> Deferred<T> of(Reading<T> reading) {
        try {
            return new Deferred<>(reading.read(), null);
        } catch (NegotiationException e) {
            return new Deferred<>(null, e);
        }
    }

    /** The value, or the refusal of reading it as the room's "invalid request". */
    public T get() throws RoomException {
        if (refusal != null) {
            throw new RoomException(RoomException.Reason.INVALID_REQUEST, refusal.getMessage());
        }
        return value;
    }
}
