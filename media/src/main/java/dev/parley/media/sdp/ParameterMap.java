package dev.parley.media.sdp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code name=value;name=value} lists, as in {@code a=fmtp} (RFC 8866 §6.15, format-specific but in
 * practice always this shape) and {@code a=rid} restrictions (RFC 8851 §4).
 *
 * <p>A parameter without {@code =} ({@code a=fmtp:63 111/111}, {@code a=fmtp:101 0-15}) is a name with
 * an empty value, and is written back without {@code =}. Blanks around names and values are dropped.
 */
final class ParameterMap {
    private ParameterMap() {
    }

    static Map<String, String> copyOf(Map<String, String> parameters) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    static Map<String, String> parse(String text, String what) throws SdpParseException {
        Map<String, String> parameters = new LinkedHashMap<>();
        int start = 0;
        while (start <= text.length()) {
            int end = text.indexOf(';', start);
            if (end < 0) {
                end = text.length();
            }
            String item = SdpSyntax.strip(text.substring(start, end));
            start = end + 1;
            if (item.isEmpty()) {
                continue;
            }
            int eq = item.indexOf('=');
            String name = eq < 0 ? item : SdpSyntax.strip(item.substring(0, eq));
            String value = eq < 0 ? "" : SdpSyntax.strip(item.substring(eq + 1));
            if (name.isEmpty()) {
                throw new SdpParseException(what + " parameter '" + item + "' has no name");
            }
            if (parameters.put(name, value) != null) {
                throw new SdpParseException(what + " parameter '" + name + "' appears twice");
            }
        }
        return Collections.unmodifiableMap(parameters);
    }

    static String format(Map<String, String> parameters) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> p : parameters.entrySet()) {
            if (b.length() > 0) {
                b.append(';');
            }
            b.append(p.getKey());
            if (!p.getValue().isEmpty()) {
                b.append('=').append(p.getValue());
            }
        }
        return b.toString();
    }

    /** RFC 8866 §6.15 leaves fmtp names' case to each format; every WebRTC codec treats them case-insensitively. */
    static Optional<String> get(Map<String, String> parameters, String name) {
        String exact = parameters.get(name);
        if (exact != null) {
            return Optional.of(exact);
        }
        for (Map.Entry<String, String> p : parameters.entrySet()) {
            if (p.getKey().equalsIgnoreCase(name)) {
                return Optional.of(p.getValue());
            }
        }
        return Optional.empty();
    }
}
