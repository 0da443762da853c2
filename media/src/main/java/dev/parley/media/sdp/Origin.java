package dev.parley.media.sdp;

import java.util.List;

/**
 * RFC 8866 §5.2 {@code o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>}.
 *
 * @param sessionId digits; kept as text because RFC 8866 does not bound its length
 * @param sessionVersion incremented on each new description of the same session (RFC 3264 §8)
 */
public record Origin(String username, String sessionId, long sessionVersion, String netType, String addressType,
        String address) {

    /** What JSEP (RFC 9429 §5.2.1) recommends a server write: no username, a dummy IPv4 address. */
    public static Origin of(long sessionId, long sessionVersion) {
        return new Origin("-", Long.toString(sessionId & Long.MAX_VALUE), sessionVersion, "IN", "IP4",
                "127.0.0.1");
    }

    /** The same origin with the version incremented, for a renegotiated description. */
    public Origin withNextVersion() {
        return new Origin(username, sessionId, sessionVersion + 1, netType, addressType, address);
    }

    String value() {
        return username + ' ' + sessionId + ' ' + sessionVersion + ' ' + netType + ' ' + addressType + ' ' + address;
    }

    static Origin parse(String value) throws SdpParseException {
        List<String> w = SdpSyntax.words(value);
        if (w.size() != 6) {
            throw new SdpParseException("o= needs 6 fields, found " + w.size());
        }
        String sessionId = SdpSyntax.digits(w.get(1), 64, "session id");
        long version = SdpSyntax.unsigned(w.get(2), Long.MAX_VALUE, "session version");
        return new Origin(w.get(0), sessionId, version, w.get(3), w.get(4), w.get(5));
    }
}
