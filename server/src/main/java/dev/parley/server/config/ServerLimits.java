package dev.parley.server.config;

import java.time.Duration;

/**
 * What one client, or one address, may hold of the server before it proves anything: connections,
 * unsent data, queued requests, join and auth attempts. Defaults and config keys (YAML block
 * {@code limits:}) are listed in docs/SECURITY.md.
 *
 * @param maxConnections TCP connections on the HTTP port at once, all states; 0 = derived from the
 *     process's file-descriptor limit at start-up
 * @param maxConnectionsPerIp TCP connections from one address at once
 * @param maxUnjoined connections that are not (yet) a joined WebSocket, server-wide
 * @param maxUnjoinedPerIp such connections from one address
 * @param headerTimeout time a new connection has to send its first request line and headers
 * @param idleTimeout an HTTP connection that has not upgraded is closed after this long without a request
 * @param joinTimeout a WebSocket that has not joined a room within this is closed
 * @param maxPendingWriteBytes unsent bytes queued for one connection before it is dropped as a slow reader
 * @param maxQueuedRequests signaling requests of one connection accepted but not yet handled
 * @param requestsPerSecond sustained signaling requests per connection (bursts of twice that)
 * @param joinsPerMinutePerIp join attempts from one address per minute
 * @param failedJoinsPerMinutePerIp refused joins (bad UserSig, ...) from one address per minute before
 *     further joins from it are refused without checking
 * @param signalThreads threads that verify UserSigs and parse SDP, off the media thread
 * @param fatalExitDelay how long /healthz reports a fatal error before the process exits
 */
public record ServerLimits(
        int maxConnections,
        int maxConnectionsPerIp,
        int maxUnjoined,
        int maxUnjoinedPerIp,
        Duration headerTimeout,
        Duration idleTimeout,
        Duration joinTimeout,
        int maxPendingWriteBytes,
        int maxQueuedRequests,
        int requestsPerSecond,
        int joinsPerMinutePerIp,
        int failedJoinsPerMinutePerIp,
        int signalThreads,
        Duration fatalExitDelay) {

    public static final ServerLimits DEFAULT = new ServerLimits(0, 128, 1024, 32,
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(10), 256 * 1024, 64, 50,
            120, 30, 2, Duration.ofSeconds(1));

    public ServerLimits {
        if (maxConnections < 0 || maxConnectionsPerIp < 1 || maxUnjoined < 1 || maxUnjoinedPerIp < 1
                || maxPendingWriteBytes < 1024 || maxQueuedRequests < 1 || requestsPerSecond < 1
                || joinsPerMinutePerIp < 1 || failedJoinsPerMinutePerIp < 1 || signalThreads < 1) {
            throw new IllegalArgumentException("limits out of range");
        }
    }

    /** {@link #maxConnections}, or when 0, what the file-descriptor limit leaves after a reserve. */
    public int effectiveMaxConnections(long fileDescriptorLimit) {
        if (maxConnections > 0) {
            return maxConnections;
        }
        if (fileDescriptorLimit <= 0) {
            return 10_000;
        }
        // The reserve covers the JVM's own files, the media socket, logs and DTLS threads.
        return (int) Math.max(64, Math.min(100_000, fileDescriptorLimit * 8 / 10 - 64));
    }
}
