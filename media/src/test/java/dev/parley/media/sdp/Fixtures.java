package dev.parley.media.sdp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The browser SDPs under {@code src/test/resources/dev/parley/media/sdp/} (see the README there). */
final class Fixtures {
    static final List<String> ALL = List.of(
            "chrome-offer-audio-video.sdp", "chrome-offer-simulcast.sdp", "chrome-offer-recvonly.sdp",
            "chrome-offer-datachannel.sdp", "chrome-answer.sdp",
            "firefox-offer-audio-video.sdp", "firefox-offer-simulcast.sdp", "firefox-offer-recvonly.sdp",
            "firefox-offer-datachannel.sdp", "firefox-answer.sdp",
            "safari-offer-audio-video.sdp");

    private Fixtures() {
    }

    static String text(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SessionDescription parse(String name) {
        try {
            return SessionDescription.parse(text(name));
        } catch (SdpParseException e) {
            throw new AssertionError(name + " does not parse: " + e.getMessage(), e);
        }
    }
}
