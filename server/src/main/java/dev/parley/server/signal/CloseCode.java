package dev.parley.server.signal;

/**
 * Why the server closes a signaling WebSocket: RFC 6455 §7.4.1 codes where one fits, and Parley's own in
 * the 4000-4999 range that §7.4.2 leaves to applications (documented in docs/PROTOCOL.md).
 */
public enum CloseCode {
    /** The conversation ended as asked (the client's {@code leave}). */
    NORMAL(1000),
    /** The server is shutting down (RFC 6455: "going away"). */
    GOING_AWAY(1001),
    /** The client broke a rule: too many requests, too much unsent data, too many connections. */
    POLICY_VIOLATION(1008),
    /** A message was larger than the server accepts. */
    MESSAGE_TOO_BIG(1009),
    /** The server met an unexpected condition. */
    INTERNAL_ERROR(1011),
    /** The server is over a capacity limit right now; the client may retry later (IANA registry, 1013). */
    TRY_AGAIN_LATER(1013),
    /** No request for longer than the heartbeat timeout. */
    HEARTBEAT_TIMEOUT(4000),
    /** Another client joined the same room with the same userId and took this one's place. */
    REPLACED(4001),
    /** The application's backend removed the user from the room. */
    KICKED(4002),
    /** The application's backend dismissed the room. */
    ROOM_DISMISSED(4003),
    /** The connection did not join a room within the join timeout. */
    JOIN_TIMEOUT(4004),
    /** The client resumed its session on a newer connection; this one is no longer used. */
    SUPERSEDED(4005);

    private final int code;

    CloseCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
