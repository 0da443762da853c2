package dev.parley.server.it;

import java.util.ArrayList;
import java.util.List;

/**
 * What a browser answers to a downlink offer, reduced to what the server reads: one section per offered
 * section, receive-only, DTLS {@code active}, the client's own ICE credentials and fingerprint.
 */
final class DownlinkAnswers {
    static final String FINGERPRINT = "sha-256 " + "5A:".repeat(31) + "5A";

    private DownlinkAnswers() {
    }

    static String answer(String offer) {
        List<String> out = new ArrayList<>();
        for (String line : offer.split("\r\n")) {
            if (line.startsWith("a=candidate:") || line.equals("a=end-of-candidates") || line.equals("a=ice-lite")
                    || line.startsWith("a=ssrc:") || line.startsWith("a=msid:") || line.isEmpty()) {
                continue;
            }
            if (line.equals("a=sendonly")) {
                out.add("a=recvonly");
            } else if (line.startsWith("a=setup:")) {
                out.add("a=setup:active");
            } else if (line.startsWith("a=ice-ufrag:")) {
                out.add("a=ice-ufrag:cAns");
            } else if (line.startsWith("a=ice-pwd:")) {
                out.add("a=ice-pwd:clientAnswerPassword0123");
            } else if (line.startsWith("a=fingerprint:")) {
                out.add("a=fingerprint:" + FINGERPRINT);
            } else {
                out.add(line);
            }
        }
        return String.join("\r\n", out) + "\r\n";
    }
}
