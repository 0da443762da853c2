package dev.parley.sfu;

import dev.parley.media.stun.IceCredentials;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The answer to an ICE restart offer: the previous answer with the new ICE credentials in every section and
 * the session version one higher (RFC 8839 §4.4.1.1.2: the answerer of a restart changes its ufrag and
 * password; RFC 3264 §8: a changed description has a higher version). Everything else — codecs, directions,
 * the DTLS fingerprint and role — stays, so the browser keeps its DTLS association (RFC 8445 §9).
 */
public final class IceRestartSdp {
    private static final Pattern ORIGIN = Pattern.compile("(?m)^(o=\\S+ \\S+ )(\\d+)( .*)$");

    private IceRestartSdp() {
    }

    public static String withCredentials(String sdp, IceCredentials fresh) {
        String out = sdp.replaceAll("(?m)^a=ice-ufrag:.*$", Matcher.quoteReplacement("a=ice-ufrag:" + fresh.ufrag()))
                .replaceAll("(?m)^a=ice-pwd:.*$", Matcher.quoteReplacement("a=ice-pwd:" + fresh.password()));
        Matcher m = ORIGIN.matcher(out);
        if (m.find()) {
            long version = Long.parseLong(m.group(2)) + 1;
            out = out.substring(0, m.start()) + m.group(1) + version + m.group(3) + out.substring(m.end());
        }
        return out;
    }
}
