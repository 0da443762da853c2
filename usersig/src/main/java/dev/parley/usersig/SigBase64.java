package dev.parley.usersig;

import java.util.Base64;

/**
 * The two base64 forms in a TLS-Sig-API v2 UserSig, decoded strictly.
 *
 * <p>The outer UserSig uses the standard alphabet (RFC 4648 §4) with {@code +} → {@code *},
 * {@code /} → {@code -} and {@code =} → {@code _} (Tencent's "base64url", which is not RFC 4648 §5).
 * {@code TLS.sig} and {@code TLS.userbuf} inside the JSON use plain RFC 4648 §4 base64.
 *
 * <p>Both decoders accept only the canonical encoding (RFC 4648 §3.5): padding present and the unused
 * bits of the last character zero. Otherwise two different strings would carry the same bytes and a
 * changed character could go unnoticed.
 */
final class SigBase64 {

    private SigBase64() {
    }

    /** @return {@code bytes} in Tencent's UserSig alphabet, padded */
    static String encodeTencent(byte[] bytes) {
        return toTencentAlphabet(Base64.getEncoder().encodeToString(bytes));
    }

    /** @return {@code bytes} in standard base64, padded */
    static String encodeStandard(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /**
     * Decodes Tencent's UserSig alphabet ({@code A-Z a-z 0-9 * -}, padding {@code _}).
     *
     * @throws UserSigException MALFORMED if a character is outside that alphabet, the length is not a
     *                          multiple of 4, padding is misplaced, or the encoding is not canonical
     */
    static byte[] decodeTencent(String text, String what) throws UserSigException {
        StringBuilder standard = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '*' -> standard.append('+');
                case '-' -> standard.append('/');
                case '_' -> standard.append('=');
                default -> {
                    if (!isAlphanumeric(c)) {
                        throw malformed(what + " contains " + describe(c) + " at position " + i
                                + "; only A-Z a-z 0-9 * - _ may appear");
                    }
                    standard.append(c);
                }
            }
        }
        return decodeCanonical(standard.toString(), what);
    }

    /**
     * Decodes standard base64 ({@code A-Z a-z 0-9 + /}, padding {@code =}).
     *
     * @throws UserSigException MALFORMED if it is not canonical, padded base64
     */
    static byte[] decodeStandard(String text, String what) throws UserSigException {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isAlphanumeric(c) && c != '+' && c != '/' && c != '=') {
                throw malformed(what + " contains " + describe(c) + " at position " + i
                        + "; only base64 characters may appear");
            }
        }
        return decodeCanonical(text, what);
    }

    private static byte[] decodeCanonical(String standard, String what) throws UserSigException {
        if (standard.length() % 4 != 0) {
            throw malformed(what + " has " + standard.length()
                    + " characters; padded base64 comes in groups of 4");
        }
        int firstPad = standard.indexOf('=');
        if (firstPad >= 0 && firstPad < standard.length() - 2) {
            throw malformed(what + " has padding at position " + firstPad + ", before its end");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(standard);
        } catch (IllegalArgumentException e) {
            // Unreachable after the checks above; kept so that no unchecked exception escapes.
            throw malformed(what + " is not valid base64");
        }
        // RFC 4648 §3.5: reject encodings whose unused bits are not zero (re-encode and compare).
        if (!Base64.getEncoder().encodeToString(bytes).equals(standard)) {
            throw malformed(what + " is not canonical base64 (the unused bits of its last character are set)");
        }
        return bytes;
    }

    private static String toTencentAlphabet(String standard) {
        return standard.replace('+', '*').replace('/', '-').replace('=', '_');
    }

    private static boolean isAlphanumeric(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    private static String describe(char c) {
        return c >= 0x21 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }

    private static UserSigException malformed(String detail) {
        return new UserSigException(UserSigException.Reason.MALFORMED, detail);
    }
}
