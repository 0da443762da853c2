package dev.parley.server.config;

import java.time.Duration;

/**
 * How the server rides out a client's or its own interruption (docs/PROTOCOL.md "Reconnection").
 *
 * @param reconnectGrace how long a participant whose signaling connection dropped stays in its room, media
 *     still flowing, waiting for its client to resume; 0 ends it at once (config {@code reconnectGraceSeconds})
 * @param drainTimeout how long a SIGTERM waits for the calls to end before the server closes
 *     (config {@code drainTimeoutSeconds})
 */
public record Resilience(Duration reconnectGrace, Duration drainTimeout) {
    public static final Resilience DEFAULT = new Resilience(Duration.ofSeconds(30), Duration.ofSeconds(30));

    public Resilience {
        if (reconnectGrace.isNegative() || drainTimeout.isNegative()) {
            throw new IllegalArgumentException("reconnectGrace and drainTimeout must not be negative");
        }
    }
}
