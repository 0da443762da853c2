package dev.parley.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.media.transport.IceTcpLimits;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;

/** The config file's {@code limits:} block, read into {@link ServerLimits}; every key is optional. */
final class LimitsSection {
    static final List<String> KEYS = List.of("maxConnections", "maxConnectionsPerIp", "maxUnjoined",
            "maxUnjoinedPerIp", "headerTimeoutSeconds", "idleTimeoutSeconds", "joinTimeoutSeconds",
            "maxPendingWriteBytes", "maxQueuedRequests", "requestsPerSecond", "joinsPerMinutePerIp",
            "failedJoinsPerMinutePerIp", "signalThreads", "fatalExitDelayMillis", "iceTcpConnections",
            "iceTcpConnectionsPerIp", "iceTcpCheckTimeoutSeconds", "iceTcpMaxPendingWriteBytes");

    private LimitsSection() {
    }

    static ServerLimits read(JsonNode node) throws ConfigException {
        ServerLimits d = ServerLimits.DEFAULT;
        if (node == null || node.isNull()) {
            return d;
        }
        if (!node.isObject()) {
            throw new ConfigException("config key 'limits' must be a mapping (keys: " + String.join(", ", KEYS) + ")");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String key = names.next();
            if (!KEYS.contains(key)) {
                throw new ConfigException("unknown config key 'limits." + key + "' (known: "
                        + String.join(", ", KEYS) + ")");
            }
        }
        return new ServerLimits(
                integer(node, "maxConnections", d.maxConnections(), 0),
                integer(node, "maxConnectionsPerIp", d.maxConnectionsPerIp(), 1),
                integer(node, "maxUnjoined", d.maxUnjoined(), 1),
                integer(node, "maxUnjoinedPerIp", d.maxUnjoinedPerIp(), 1),
                Duration.ofSeconds(integer(node, "headerTimeoutSeconds", (int) d.headerTimeout().toSeconds(), 1)),
                Duration.ofSeconds(integer(node, "idleTimeoutSeconds", (int) d.idleTimeout().toSeconds(), 1)),
                Duration.ofSeconds(integer(node, "joinTimeoutSeconds", (int) d.joinTimeout().toSeconds(), 1)),
                integer(node, "maxPendingWriteBytes", d.maxPendingWriteBytes(), 1024),
                integer(node, "maxQueuedRequests", d.maxQueuedRequests(), 1),
                integer(node, "requestsPerSecond", d.requestsPerSecond(), 1),
                integer(node, "joinsPerMinutePerIp", d.joinsPerMinutePerIp(), 1),
                integer(node, "failedJoinsPerMinutePerIp", d.failedJoinsPerMinutePerIp(), 1),
                integer(node, "signalThreads", d.signalThreads(), 1),
                Duration.ofMillis(integer(node, "fatalExitDelayMillis", (int) d.fatalExitDelay().toMillis(), 0)));
    }

    /** The ICE-TCP keys of the block (the rest is checked by {@link #read}). */
    static IceTcpLimits readIceTcp(JsonNode node) throws ConfigException {
        IceTcpLimits d = IceTcpLimits.DEFAULT;
        if (node == null || !node.isObject()) {
            return d;
        }
        return new IceTcpLimits(
                integer(node, "iceTcpConnections", d.maxConnections(), 1),
                integer(node, "iceTcpConnectionsPerIp", d.maxConnectionsPerIp(), 1),
                Duration.ofSeconds(integer(node, "iceTcpCheckTimeoutSeconds", (int) d.checkTimeout().toSeconds(), 1)),
                integer(node, "iceTcpMaxPendingWriteBytes", d.maxPendingWriteBytes(), 4096));
    }

    private static int integer(JsonNode node, String key, int dflt, int min) throws ConfigException {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return dflt;
        }
        String text = v.asText();
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException("config key 'limits." + key + "' must be a whole number >= " + min
                + ", got '" + text + "'");
    }
}
