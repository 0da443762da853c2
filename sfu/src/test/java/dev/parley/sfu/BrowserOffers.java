package dev.parley.sfu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Real browser SDP captured by the media module ({@code media/src/test/resources/dev/parley/media/sdp/},
 * see its README): one source of truth, read from the file system next to this module.
 */
public final class BrowserOffers {
    public static final String CHROME = "chrome-offer-audio-video.sdp";
    public static final String FIREFOX = "firefox-offer-audio-video.sdp";
    public static final String SAFARI = "safari-offer-audio-video.sdp";
    public static final String CHROME_DATACHANNEL = "chrome-offer-datachannel.sdp";
    public static final String FIREFOX_DATACHANNEL = "firefox-offer-datachannel.sdp";
    public static final String CHROME_RECVONLY = "chrome-offer-recvonly.sdp";
    public static final String CHROME_SIMULCAST = "chrome-offer-simulcast.sdp";
    public static final String FIREFOX_SIMULCAST = "firefox-offer-simulcast.sdp";
    public static final String CHROME_ANSWER = "chrome-answer.sdp";

    private BrowserOffers() {
    }

    public static String read(String name) {
        // Maven runs tests in the module directory; basedir is set by surefire/failsafe too.
        Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        Path file = module.resolve("../media/src/test/resources/dev/parley/media/sdp").resolve(name).normalize();
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("SDP fixture " + file + " not found (run from the server module)", e);
        }
    }

    /** The SDP without the lines {@code drop} matches (line ends kept as CRLF). */
    public static String withoutLines(String sdp, Predicate<String> drop) {
        return Arrays.stream(sdp.split("\r\n")).filter(drop.negate()).collect(Collectors.joining("\r\n", "", "\r\n"));
    }
}
