package dev.parley.media.sdp;

import java.util.Optional;

/**
 * An attribute line the model has no field for, kept verbatim and in order: {@code a=<name>} (no value)
 * or {@code a=<name>:<value>} (value possibly empty).
 */
public record Attribute(String name, Optional<String> value) {

    public static Attribute flag(String name) {
        return new Attribute(name, Optional.empty());
    }

    public static Attribute of(String name, String value) {
        return new Attribute(name, Optional.of(value));
    }

    String text() {
        return value.map(v -> name + ':' + v).orElse(name);
    }
}
