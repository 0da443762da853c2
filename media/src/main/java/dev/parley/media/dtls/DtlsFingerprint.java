package dev.parley.media.dtls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;

/**
 * A certificate fingerprint as carried in SDP {@code a=fingerprint} (RFC 8122 §5): a hash function and
 * the digest of the DER encoding of a certificate.
 *
 * <p>In WebRTC the fingerprint is the only trust anchor for DTLS-SRTP (RFC 5763 §5, RFC 8827 §6.5):
 * certificates are self-signed, and the peer's certificate is accepted exactly when its fingerprint
 * equals the one the peer announced over the (authenticated) signaling channel.
 *
 * <p>Immutable and thread-safe. The text form is {@code "sha-256 AB:CD:..."}: the hash function's
 * IANA name, one space, upper-case hex bytes separated by colons — the value of the SDP attribute
 * without its {@code a=fingerprint:} prefix.
 */
public final class DtlsFingerprint {

    /** The hash functions of the IANA "Hash Function Textual Names" registry that we accept. */
    public enum HashFunction {
        SHA_1("sha-1", "SHA-1", 20),
        SHA_224("sha-224", "SHA-224", 28),
        SHA_256("sha-256", "SHA-256", 32),
        SHA_384("sha-384", "SHA-384", 48),
        SHA_512("sha-512", "SHA-512", 64);

        private final String sdpName;
        private final String jcaName;
        private final int digestLength;

        HashFunction(String sdpName, String jcaName, int digestLength) {
            this.sdpName = sdpName;
            this.jcaName = jcaName;
            this.digestLength = digestLength;
        }

        /** The textual name used in SDP, e.g. {@code sha-256}. */
        public String sdpName() {
            return sdpName;
        }

        /** The digest length in bytes. */
        public int digestLength() {
            return digestLength;
        }

        /** Looks a hash function up by its SDP name, case-insensitively (RFC 8122 §5 {@code hash-func}). */
        public static Optional<HashFunction> fromSdpName(String name) {
            for (HashFunction function : values()) {
                if (function.sdpName.equalsIgnoreCase(name)) {
                    return Optional.of(function);
                }
            }
            return Optional.empty();
        }

        byte[] digest(byte[] data) {
            try {
                return MessageDigest.getInstance(jcaName).digest(data);
            } catch (NoSuchAlgorithmException e) {
                // Every Java SE platform must provide SHA-1 and the SHA-2 family.
                throw new IllegalStateException("the JDK lacks " + jcaName, e);
            }
        }
    }

    /** Longest accepted text: "sha-512 " plus 64 hex pairs and colons, with slack for whitespace. */
    static final int MAX_TEXT_LENGTH = 256;

    private final HashFunction hashFunction;
    private final byte[] digest;

    private DtlsFingerprint(HashFunction hashFunction, byte[] digest) {
        this.hashFunction = hashFunction;
        this.digest = digest;
    }

    /** The fingerprint of a DER-encoded certificate with the given hash function. */
    public static DtlsFingerprint of(HashFunction hashFunction, byte[] certificateDer) {
        return new DtlsFingerprint(hashFunction, hashFunction.digest(certificateDer));
    }

    /**
     * Parses the value of an SDP {@code a=fingerprint} attribute, e.g. {@code "sha-256 AB:CD:..."}
     * (RFC 8122 §5). The hash function name and the hex digits are case-insensitive; leading and
     * trailing whitespace is ignored; the separator between the two parts is one or more spaces or tabs.
     *
     * @throws MalformedFingerprintException if the value is longer than {@value #MAX_TEXT_LENGTH}
     *     characters, names a hash function we do not support (md2, md5, unknown tokens), is not a
     *     colon-separated sequence of two-digit hex bytes, or has the wrong number of bytes for its hash
     *     function. No other exception escapes.
     */
    public static DtlsFingerprint parse(String value) throws MalformedFingerprintException {
        if (value.length() > MAX_TEXT_LENGTH) {
            throw new MalformedFingerprintException("fingerprint longer than " + MAX_TEXT_LENGTH + " characters");
        }
        String trimmed = value.strip();
        int space = indexOfWhitespace(trimmed);
        if (space < 0) {
            throw new MalformedFingerprintException("fingerprint lacks a hash function and a digest: '" + trimmed + "'");
        }
        String name = trimmed.substring(0, space);
        HashFunction function = HashFunction.fromSdpName(name).orElseThrow(() ->
                new MalformedFingerprintException("unsupported fingerprint hash function '" + name + "'"));
        byte[] digest = parseHex(trimmed.substring(space).strip());
        if (digest.length != function.digestLength()) {
            throw new MalformedFingerprintException("a " + function.sdpName() + " fingerprint has "
                    + function.digestLength() + " bytes, not " + digest.length);
        }
        return new DtlsFingerprint(function, digest);
    }

    public HashFunction hashFunction() {
        return hashFunction;
    }

    /** A copy of the digest bytes. */
    public byte[] digest() {
        return digest.clone();
    }

    /** Whether a DER-encoded certificate has this fingerprint (hashed with this fingerprint's function). */
    public boolean matches(byte[] certificateDer) {
        return MessageDigest.isEqual(digest, hashFunction.digest(certificateDer));
    }

    /** The SDP attribute value, e.g. {@code "sha-256 AB:CD:..."} (RFC 8122 §5: upper-case hex). */
    public String toSdpValue() {
        StringBuilder text = new StringBuilder(hashFunction.sdpName().length() + 1 + digest.length * 3);
        text.append(hashFunction.sdpName()).append(' ');
        for (int i = 0; i < digest.length; i++) {
            if (i > 0) {
                text.append(':');
            }
            text.append(Character.toUpperCase(Character.forDigit((digest[i] >> 4) & 0xF, 16)));
            text.append(Character.toUpperCase(Character.forDigit(digest[i] & 0xF, 16)));
        }
        return text.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DtlsFingerprint that
                && hashFunction == that.hashFunction
                && Arrays.equals(digest, that.digest);
    }

    @Override
    public int hashCode() {
        return 31 * hashFunction.hashCode() + Arrays.hashCode(digest);
    }

    /** Same as {@link #toSdpValue()}: a fingerprint is public, so it may be logged. */
    @Override
    public String toString() {
        return toSdpValue();
    }

    private static int indexOfWhitespace(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t') {
                return i;
            }
        }
        return -1;
    }

    /** RFC 8122 §5: {@code fingerprint = 2UHEX *(":" 2UHEX)}, accepted here in either case. */
    private static byte[] parseHex(String hex) throws MalformedFingerprintException {
        if (hex.isEmpty() || (hex.length() + 1) % 3 != 0) {
            throw new MalformedFingerprintException("fingerprint digest is not colon-separated hex pairs");
        }
        byte[] bytes = new byte[(hex.length() + 1) / 3];
        for (int i = 0; i < bytes.length; i++) {
            int at = i * 3;
            if (i > 0 && hex.charAt(at - 1) != ':') {
                throw new MalformedFingerprintException("expected ':' at digest offset " + (at - 1));
            }
            int high = Character.digit(hex.charAt(at), 16);
            int low = Character.digit(hex.charAt(at + 1), 16);
            if (high < 0 || low < 0 || !isAsciiHex(hex.charAt(at)) || !isAsciiHex(hex.charAt(at + 1))) {
                throw new MalformedFingerprintException("bad hex digit at digest offset " + at);
            }
            bytes[i] = (byte) ((high << 4) | low);
        }
        return bytes;
    }

    /** {@link Character#digit} also accepts non-ASCII digits (e.g. full-width); the grammar does not. */
    private static boolean isAsciiHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
