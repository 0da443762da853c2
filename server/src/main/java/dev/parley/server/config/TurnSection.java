package dev.parley.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The TURN servers handed to clients: the config file's {@code turn:} block ({@code urls}, {@code secret},
 * {@code ttlSeconds}) or the {@code --turn-*} flags and their environment variables, checked.
 */
final class TurnSection {
    private static final Set<String> KEYS = Set.of("urls", "secret", "ttlSeconds");
    static final Duration DEFAULT_TTL = Duration.ofDays(1);

    private TurnSection() {
    }

    /** The {@code urls} of the block, joined with commas (a list or one string). */
    static String urls(JsonNode turn) {
        JsonNode v = turn == null ? null : turn.get("urls");
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isArray()) {
            List<String> items = new ArrayList<>();
            v.forEach(item -> items.add(item.asText()));
            return String.join(",", items);
        }
        return v.asText();
    }

    static String text(JsonNode turn, String key) {
        JsonNode v = turn == null ? null : turn.get(key);
        return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
    }

    /**
     * @param urls comma-separated, after flag/environment/file precedence; null when none
     * @param secret likewise
     * @param ttl seconds, likewise
     */
    static Optional<ReachConfig.TurnConfig> read(JsonNode block, String urls, String secret, String ttl)
            throws ConfigException {
        if (block != null && !block.isNull()) {
            if (!block.isObject()) {
                throw new ConfigException("config key 'turn' must be a mapping (keys: urls, secret, ttlSeconds)");
            }
            for (Iterator<String> names = block.fieldNames(); names.hasNext(); ) {
                String key = names.next();
                if (!KEYS.contains(key)) {
                    throw new ConfigException("unknown config key 'turn." + key + "' (known: secret, ttlSeconds, urls)");
                }
            }
        }
        if (urls == null && secret == null) {
            return Optional.empty();
        }
        if (urls == null || secret == null) {
            throw new ConfigException("--turn-urls (PARLEY_TURN_URLS, config key turn.urls) and --turn-secret"
                    + " (PARLEY_TURN_SECRET, turn.secret) go together: clients need both the servers and credentials");
        }
        List<String> list = new ArrayList<>();
        for (String u : urls.split(",")) {
            String url = u.trim();
            // RFC 7065 §3.1: turnURI = scheme ":" host [":" port] ["?transport=" transport]
            if (!url.matches("turns?:(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9.-]+)(:\\d{1,5})?(\\?transport=(udp|tcp))?")) {
                throw new ConfigException("--turn-urls (PARLEY_TURN_URLS, config key turn.urls): '" + url
                        + "' is not a TURN URL like turn:turn.example.com:3478?transport=tcp or turns:turn.example.com:443"
                        + " (RFC 7065)");
            }
            list.add(url);
        }
        if (secret.length() < 16) {
            throw new ConfigException("--turn-secret (PARLEY_TURN_SECRET, config key turn.secret) must be at least 16"
                    + " characters: anyone who guesses it can use the TURN servers");
        }
        Duration lifetime = DEFAULT_TTL;
        if (ttl != null) {
            long seconds;
            try {
                seconds = Long.parseLong(ttl.trim());
            } catch (NumberFormatException e) {
                seconds = -1;
            }
            if (seconds < 60 || seconds > 7 * 86400) {
                throw new ConfigException("--turn-ttl (PARLEY_TURN_TTL, config key turn.ttlSeconds) must be 60 to 604800"
                        + " seconds, got '" + ttl + "'");
            }
            lifetime = Duration.ofSeconds(seconds);
        }
        return Optional.of(new ReachConfig.TurnConfig(list, secret, lifetime));
    }
}
