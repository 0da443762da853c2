package dev.parley.client.media;

import dev.parley.media.dtls.DtlsFingerprint;
import dev.parley.media.stun.IceCredentials;
import java.util.ArrayList;
import java.util.List;

/**
 * What a browser answers to the server's downlink offer, reduced to what the server reads (JSEP RFC 9429
 * §5.3): one section per offered section with the offer's codecs and extensions, receive-only where the
 * offer sends ({@code inactive} stays {@code inactive}), DTLS {@code active} (RFC 5763 §5: we are the
 * client), our own ICE credentials and fingerprint, none of the offerer's candidates or SSRCs.
 */
public final class DownlinkAnswer {
    private DownlinkAnswer() {
    }

    public static String create(String offer, IceCredentials ice, DtlsFingerprint fingerprint) {
        List<String> out = new ArrayList<>();
        for (String line : offer.split("\r\n")) {
            if (line.startsWith("a=candidate:") || line.equals("a=end-of-candidates") || line.equals("a=ice-lite")
                    || line.startsWith("a=ssrc:") || line.startsWith("a=ssrc-group:") || line.startsWith("a=msid:")
                    || line.isEmpty()) {
                continue;
            }
            if (line.equals("a=sendonly") || line.equals("a=sendrecv")) {
                out.add("a=recvonly");
            } else if (line.startsWith("a=setup:")) {
                out.add("a=setup:active");
            } else if (line.startsWith("a=ice-ufrag:")) {
                out.add("a=ice-ufrag:" + ice.ufrag());
            } else if (line.startsWith("a=ice-pwd:")) {
                out.add("a=ice-pwd:" + ice.password());
            } else if (line.startsWith("a=fingerprint:")) {
                out.add("a=fingerprint:" + fingerprint.toSdpValue());
            } else {
                out.add(line);
            }
        }
        return String.join("\r\n", out) + "\r\n";
    }
}
