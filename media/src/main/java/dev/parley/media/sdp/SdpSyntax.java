package dev.parley.media.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * Grammar primitives shared by the attribute parsers: words, bounded unsigned numbers, tokens.
 * Every failure is an {@link SdpParseException} without a line; the parser adds the line.
 */
final class SdpSyntax {
    static final long MAX_UINT32 = 0xFFFF_FFFFL;

    private SdpSyntax() {
    }

    /** Splits on runs of spaces and tabs; never returns empty words. */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && isBlank(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !isBlank(text.charAt(i))) {
                i++;
            }
            if (i > start) {
                words.add(text.substring(start, i));
            }
        }
        return words;
    }

    /** The text before the first blank, and the trimmed rest (empty when there is none). */
    static String[] headAndRest(String text) {
        String trimmed = strip(text);
        int i = 0;
        while (i < trimmed.length() && !isBlank(trimmed.charAt(i))) {
            i++;
        }
        return new String[] {trimmed.substring(0, i), strip(trimmed.substring(i))};
    }

    /** Like {@link String#strip()} but only for SDP's blanks (space and tab). */
    static String strip(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isBlank(text.charAt(start))) {
            start++;
        }
        while (end > start && isBlank(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    /** A decimal number in {@code [0, max]}; digits only, so no sign, no overflow, no exception. */
    static long unsigned(String text, long max, String what) throws SdpParseException {
        if (text.isEmpty() || text.length() > 20) {
            throw new SdpParseException(what + " is not a number of 1-20 digits: '" + text + "'");
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new SdpParseException(what + " is not a number: '" + text + "'");
            }
            int digit = c - '0';
            if (value > (max - digit) / 10) {
                throw new SdpParseException(what + " " + text + " is out of range 0-" + max);
            }
            value = value * 10 + digit;
        }
        return value;
    }

    /** A run of 1 to {@code maxLength} decimal digits, kept as text (numbers too long for a long). */
    static String digits(String text, int maxLength, String what) throws SdpParseException {
        if (text.isEmpty() || text.length() > maxLength) {
            throw new SdpParseException(what + " is not a number of 1-" + maxLength + " digits: '" + text + "'");
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                throw new SdpParseException(what + " is not a number: '" + text + "'");
            }
        }
        return text;
    }

    static int unsignedInt(String text, int max, String what) throws SdpParseException {
        return (int) unsigned(text, max, what);
    }

    static int port(String text) throws SdpParseException {
        return unsignedInt(text, 65535, "port");
    }

    /** RFC 3550 §5.1: a 7-bit payload type. */
    static int payloadType(String text) throws SdpParseException {
        return unsignedInt(text, 127, "payload type");
    }

    static long ssrc(String text) throws SdpParseException {
        return unsigned(text, MAX_UINT32, "SSRC");
    }

    /** A non-empty run of non-blank characters. */
    static String token(String text, String what) throws SdpParseException {
        String value = strip(text);
        if (value.isEmpty()) {
            throw new SdpParseException(what + " is empty");
        }
        for (int i = 0; i < value.length(); i++) {
            if (isBlank(value.charAt(i))) {
                throw new SdpParseException(what + " contains a blank: '" + value + "'");
            }
        }
        return value;
    }

    /** RFC 8851 §10 rid-id: {@code 1*(alpha-numeric / "-" / "_")}. */
    static String ridId(String text) throws SdpParseException {
        if (text.isEmpty()) {
            throw new SdpParseException("empty rid");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_';
            if (!ok) {
                throw new SdpParseException("rid '" + text + "' has a character outside [A-Za-z0-9_-]");
            }
        }
        return text;
    }
}
