package dev.parley.server.room;

import dev.parley.sfu.NegotiationException;

/** A step of the media plane's negotiation; its refusal is the room's "invalid request". */
interface Negotiation<T> {
    T run() throws NegotiationException;

    static <T> T negotiate(Negotiation<T> step) throws RoomException {
        try {
            return step.run();
        } catch (NegotiationException e) {
            throw new RoomException(RoomException.Reason.INVALID_REQUEST, e.getMessage());
        }
    }
}
