package dev.parley.media.sdp;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * RFC 8122 §5 {@code a=fingerprint:<hash-func> <XX:XX:...>}: the hash of the DTLS certificate.
 *
 * @param algorithm the hash function name, lower case ({@code sha-256})
 * @param hex colon-separated hex pairs, upper case as RFC 8122 writes them
 */
public record Fingerprint(String algorithm, String hex) {

    public Fingerprint {
        algorithm = algorithm.toLowerCase(Locale.ROOT);
        hex = hex.toUpperCase(Locale.ROOT);
    }

    /** A fingerprint from the raw digest, formatted as RFC 8122 §5 writes it. */
    public static Fingerprint of(String algorithm, byte[] digest) {
        return new Fingerprint(algorithm,
                HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest));
    }

    /** The digest bytes. */
    public byte[] bytes() {
        return HexFormat.ofDelimiter(":").parseHex(hex);
    }

    /** True when this fingerprint is {@code digest} under the same algorithm (case-insensitive name). */
    public boolean matches(String algorithmName, byte[] digest) {
        return algorithm.equalsIgnoreCase(algorithmName) && Arrays.equals(bytes(), digest);
    }

    String value() {
        return algorithm + ' ' + hex;
    }

    static Fingerprint parse(String value) throws SdpParseException {
        List<String> w = SdpSyntax.words(value);
        if (w.size() != 2) {
            throw new SdpParseException("a=fingerprint needs <hash-function> <fingerprint>");
        }
        String hex = w.get(1);
        // RFC 8122 §5: 2UHEX *(":" 2UHEX); lower case accepted and normalised, since a wrong digest
        // here would only show up later as a failed DTLS handshake.
        if (hex.length() % 3 != 2 || hex.length() > 3 * 64) {
            throw new SdpParseException("fingerprint is not colon-separated hex pairs");
        }
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            boolean ok = i % 3 == 2 ? c == ':' : Character.digit(c, 16) >= 0 && c < 0x80;
            if (!ok) {
                throw new SdpParseException("fingerprint is not colon-separated hex pairs");
            }
        }
        return new Fingerprint(w.get(0), hex);
    }
}
