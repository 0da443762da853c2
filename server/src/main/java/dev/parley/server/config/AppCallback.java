package dev.parley.server.config;

import java.net.URI;
import java.util.Optional;

/**
 * Where an app's room and media events go (TRTC's "event callback": a URL and an optional signing key).
 *
 * <p>{@link #toString()} never prints the key.
 */
public record AppCallback(URI url, Optional<String> key) {
    @Override
    public String toString() {
        return "AppCallback[" + url + (key.isPresent() ? ", signed" : ", unsigned") + "]";
    }
}
