package dev.parley.server.config;

import java.util.List;
import java.util.Map;

/**
 * The accepted applications: each sdkAppId with one or more secret keys (two during a key rotation).
 *
 * <p>{@link #toString()} never prints a key: this record ends up in logs and error messages.
 */
public record AppKeys(Map<Long, List<String>> keysByApp) {
    public AppKeys {
        keysByApp = Map.copyOf(keysByApp);
        keysByApp.values().forEach(List::copyOf);
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
