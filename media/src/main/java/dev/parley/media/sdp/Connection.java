package dev.parley.media.sdp;

import java.util.List;

/**
 * RFC 8866 §5.7 {@code c=<nettype> <addrtype> <connection-address>}. In WebRTC the address is a
 * placeholder ({@code 0.0.0.0}) or the default candidate's address (RFC 8839 §4.2.1).
 */
public record Connection(String netType, String addressType, String address) {
    /** {@code c=IN IP4 0.0.0.0}, the JSEP placeholder (RFC 9429 §5.2.1). */
    public static final Connection UNSPECIFIED_IP4 = new Connection("IN", "IP4", "0.0.0.0");

    public static Connection ip4(String address) {
        return new Connection("IN", "IP4", address);
    }

    String value() {
        return netType + ' ' + addressType + ' ' + address;
    }

    static Connection parse(String value) throws SdpParseException {
        List<String> w = SdpSyntax.words(value);
        if (w.size() != 3) {
            throw new SdpParseException("c= needs 3 fields, found " + w.size());
        }
        return new Connection(w.get(0), w.get(1), w.get(2));
    }
}
