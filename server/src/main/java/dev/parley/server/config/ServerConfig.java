package dev.parley.server.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything the server needs to start, after flags, environment and config file were merged.
 *
 * @param bind address the HTTP and media sockets bind to
 * @param httpPort HTTP and WebSocket port (0 = ephemeral, for tests)
 * @param rtcPort UDP media port shared by every transport (0 = ephemeral)
 * @param announceIp address written into ICE candidates: what browsers send media to
 * @param apps accepted sdkAppIds and their secret keys; empty means development mode
 * @param dataDir where the development app's generated key is kept across restarts
 * @param limits per-room limits
 * @param heartbeatTimeout a signaling connection silent for this long is treated as gone
 * @param consentTimeout a media transport with no valid ICE check for this long is dead (RFC 7675)
 * @param announcePort port written into ICE candidates; 0 means {@code rtcPort} as bound. Differs from it
 *     only when something forwards a public port to ours (a port-mapping NAT, or the tests' impairment relay)
 * @param serverLimits what anonymous clients and single addresses may hold (docs/SECURITY.md)
 * @param callbacks per sdkAppId, where its room and media events are sent (webhooks); apps without one send none
 * @param reach more announced addresses, ICE-TCP, TLS and TURN ({@link ReachConfig}); {@code announceIp} is
 *     its first address
 * @param resilience the reconnection grace and the drain timeout
 * @param mediaThreads the media plane's event loops, one socket each on the media port (docs/ARCHITECTURE.md,
 *     "Threads"); default one per core
 */
public record ServerConfig(
        String bind,
        int httpPort,
        int rtcPort,
        String announceIp,
        AppKeys apps,
        Path dataDir,
        RoomLimits limits,
        Duration heartbeatTimeout,
        Duration consentTimeout,
        int announcePort,
        ServerLimits serverLimits,
        java.util.Map<Long, AppCallback> callbacks,
        ReachConfig reach,
        Resilience resilience,
        int mediaThreads) {

    /** The most media loops a server runs, whatever it is asked. */
    public static final int MAX_MEDIA_THREADS = 256;

    public ServerConfig {
        callbacks = java.util.Map.copyOf(callbacks);
        if (mediaThreads < 1 || mediaThreads > MAX_MEDIA_THREADS) {
            throw new IllegalArgumentException("mediaThreads must be 1.." + MAX_MEDIA_THREADS + ": " + mediaThreads);
        }
    }

    /** One media loop per core the JVM may use. */
    public static int defaultMediaThreads() {
        return Math.min(MAX_MEDIA_THREADS, Runtime.getRuntime().availableProcessors());
    }

    /**
     * A configuration without webhooks, with the defaults of {@link ReachConfig#defaults}, the default
     * reconnection grace and drain timeout.
     */
    public ServerConfig(String bind, int httpPort, int rtcPort, String announceIp, AppKeys apps, Path dataDir,
                        RoomLimits limits, Duration heartbeatTimeout, Duration consentTimeout, int announcePort,
                        ServerLimits serverLimits) {
        this(bind, httpPort, rtcPort, announceIp, apps, dataDir, limits, heartbeatTimeout, consentTimeout,
                announcePort, serverLimits, java.util.Map.of(), ReachConfig.defaults(announceIp), Resilience.DEFAULT,
                defaultMediaThreads());
    }

    /** A configuration that announces the bound media port itself. */
    public ServerConfig(String bind, int httpPort, int rtcPort, String announceIp, AppKeys apps, Path dataDir,
                        RoomLimits limits, Duration heartbeatTimeout, Duration consentTimeout) {
        this(bind, httpPort, rtcPort, announceIp, apps, dataDir, limits, heartbeatTimeout, consentTimeout, 0,
                ServerLimits.DEFAULT);
    }

    public boolean devMode() {
        return apps.isEmpty();
    }
}
