package dev.parley.media.transport;

import java.time.Duration;

/**
 * What ICE-TCP clients may hold of the TCP media port (docs/SECURITY.md, config {@code limits:}).
 *
 * @param maxConnections connections at once, all states
 * @param maxConnectionsPerIp connections from one address at once
 * @param checkTimeout a connection that has not carried a valid ICE check (RFC 8445 §7.3) within this is closed
 * @param maxPendingWriteBytes unsent bytes queued on one connection; beyond, packets are dropped as on a
 *     congested UDP path, and the peer's own congestion control sees the loss
 */
public record IceTcpLimits(int maxConnections, int maxConnectionsPerIp, Duration checkTimeout,
                           int maxPendingWriteBytes) {
    public static final IceTcpLimits DEFAULT = new IceTcpLimits(4096, 128, Duration.ofSeconds(10), 256 * 1024);

    public IceTcpLimits {
        if (maxConnections < 1 || maxConnectionsPerIp < 1 || checkTimeout.isNegative() || checkTimeout.isZero()
                || maxPendingWriteBytes < 4096) {
            throw new IllegalArgumentException("ICE-TCP limits out of range");
        }
    }
}
