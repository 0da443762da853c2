package dev.parley.server.http;

import dev.parley.server.config.ServerLimits;
import java.time.Duration;

/**
 * What a connection on the HTTP port must do to stay open (docs/SECURITY.md).
 *
 * @param headerTimeout a request (head and body) must arrive within this, from the connection's start or
 *     from the request's first byte
 * @param idleTimeout a plain HTTP connection may wait this long for its response to be taken, and between
 *     requests
 * @param joinTimeout a WebSocket must join a room within this after the upgrade
 * @param heartbeatTimeout a WebSocket silent for this long is closed
 * @param maxPendingWriteBytes unsent bytes one connection may hold
 */
record ConnectionTerms(Duration headerTimeout, Duration idleTimeout, Duration joinTimeout,
                       Duration heartbeatTimeout, long maxPendingWriteBytes) {

    static ConnectionTerms of(ServerLimits limits, Duration heartbeatTimeout, long maxPendingWriteBytes) {
        return new ConnectionTerms(limits.headerTimeout(), limits.idleTimeout(), limits.joinTimeout(),
                heartbeatTimeout, maxPendingWriteBytes);
    }
}
