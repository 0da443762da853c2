package dev.parley.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code callback:} of each entry of the config file's {@code apps:} list: where that app's room and media
 * events are sent (docs/OPERATIONS.md, "Webhooks").
 *
 * <pre>
 * apps:
 *   - sdkAppId: 1400000001
 *     secretKeys: [KEY]
 *     callback:
 *       url: https://backend.example.com/trtc/callback
 *       key: CallbackKey123     # optional: without it requests carry no Sign header
 * </pre>
 */
final class CallbackSection {
    private static final Set<String> KEYS = Set.of("url", "key");
    /** TRTC's rule for the callback key: up to 32 letters and digits (a few more are allowed here). */
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9]{1,64}");

    private CallbackSection() {
    }

    static Map<Long, AppCallback> read(JsonNode apps) throws ConfigException {
        Map<Long, AppCallback> out = new LinkedHashMap<>();
        if (apps == null || !apps.isArray()) {
            return out;
        }
        for (JsonNode app : apps) {
            JsonNode cb = app.get("callback");
            if (cb == null || cb.isNull()) {
                continue;
            }
            long appId = app.path("sdkAppId").asLong(0);
            String where = "apps[sdkAppId=" + appId + "].callback";
            if (!cb.isObject()) {
                throw new ConfigException("config key '" + where + "' must be a mapping with url (and key)");
            }
            for (Iterator<String> names = cb.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!KEYS.contains(name)) {
                    throw new ConfigException("config key '" + where + "': unknown key '" + name + "' (known: key, url)");
                }
            }
            out.put(appId, new AppCallback(url(where, cb.path("url").asText("")), key(where, cb.get("key"))));
        }
        return out;
    }

    private static URI url(String where, String text) throws ConfigException {
        try {
            URI u = new URI(text);
            if (("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null) {
                return u;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new ConfigException("config key '" + where + ".url' must be an http:// or https:// URL with a host, got '"
                + text + "'");
    }

    private static Optional<String> key(String where, JsonNode key) throws ConfigException {
        if (key == null || key.isNull()) {
            return Optional.empty();
        }
        if (!KEY.matcher(key.asText()).matches()) {
            throw new ConfigException("config key '" + where + ".key' must be 1-64 letters and digits (TRTC allows up to"
                    + " 32)");
        }
        return Optional.of(key.asText());
    }
}
