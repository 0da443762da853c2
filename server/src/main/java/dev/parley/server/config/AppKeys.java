package dev.parley.server.config;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The accepted applications: each sdkAppId with one or more secret keys (two during a key rotation).
 *
 * <p>{@link #toString()} never prints a key: this record ends up in logs and error messages.
 */
public record AppKeys(Map<Long, List<String>> keysByApp) {
    public AppKeys {
        // Copy the lists too: Map.copyOf alone would keep the caller's (mutable) lists.
        keysByApp = keysByApp.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> List.copyOf(e.getValue())));
    }

    public boolean isEmpty() {
        return keysByApp.isEmpty();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("AppKeys[");
        keysByApp.forEach((app, keys) -> sb.append(app).append("=").append(keys.size()).append(" key(s) "));
        return sb.append(']').toString();
    }
}
