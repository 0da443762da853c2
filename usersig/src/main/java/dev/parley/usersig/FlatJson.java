package dev.parley.usersig;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON inside a UserSig: one flat object whose values are strings or numbers (RFC 8259), read
 * strictly and within fixed bounds, and written the way Tencent's Java library writes it.
 *
 * <p>Bounds: at most {@value #MAX_MEMBERS} members, keys of at most {@value #MAX_KEY_CHARS}
 * characters, string values of at most {@value #MAX_STRING_CHARS}, numbers of at most
 * {@value #MAX_NUMBER_CHARS}. Nested objects, arrays, {@code true}, {@code false}, {@code null},
 * duplicate keys, unpaired surrogates and trailing text are refused. The work is one pass over the
 * text, which is itself capped before it gets here.
 */
final class FlatJson {

    static final int MAX_MEMBERS = 32;
    static final int MAX_KEY_CHARS = 64;
    static final int MAX_STRING_CHARS = 4096;
    static final int MAX_NUMBER_CHARS = 24;

    /** A member value: the decoded text of a string, or the validated lexeme of a number. */
    sealed interface Value permits Text, Number {
    }

    /** A JSON string, unescaped. */
    record Text(String value) implements Value {
    }

    /** A JSON number, as written (RFC 8259 §6 grammar checked). */
    record Number(String lexeme) implements Value {
    }

    private final String text;
    private int position;

    private FlatJson(String text) {
        this.text = text;
    }

    /**
     * Reads one flat JSON object.
     *
     * @return its members in document order, unmodifiable
     * @throws UserSigException MALFORMED for anything outside the accepted subset or bounds
     */
    static Map<String, Value> parseObject(String text) throws UserSigException {
        return new FlatJson(text).object();
    }

    /**
     * Appends {@code value} as a JSON string, escaped as org.json (used by Tencent's Java library)
     * escapes it: {@code " \} and control characters, {@code /} after {@code <}, and U+0080..U+009F,
     * U+2000..U+20FF as {@code \}{@code uXXXX} in lower case. Same escaping, same bytes, same UserSig.
     */
    static void appendString(StringBuilder out, String value) {
        out.append('"');
        char previous = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"', '\\' -> out.append('\\').append(c);
                case '/' -> out.append(previous == '<' ? "\\/" : "/");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < ' ' || (c >= '\u0080' && c < '\u00a0') || (c >= '\u2000' && c < '\u2100')) {
                        String hex = Integer.toHexString(c);
                        out.append("\\u").append("0000", 0, 4 - hex.length()).append(hex);
                    } else {
                        out.append(c);
                    }
                }
            }
            previous = c;
        }
        out.append('"');
    }

    private Map<String, Value> object() throws UserSigException {
        skipWhitespace();
        expect('{');
        Map<String, Value> members = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            position++;
        } else {
            while (true) {
                skipWhitespace();
                String key = string(MAX_KEY_CHARS);
                skipWhitespace();
                expect(':');
                skipWhitespace();
                Value value = value(key);
                if (members.putIfAbsent(key, value) != null) {
                    throw malformed("UserSig JSON has the key " + UserSigException.quoted(key) + " twice");
                }
                if (members.size() > MAX_MEMBERS) {
                    throw malformed("UserSig JSON has more than " + MAX_MEMBERS + " members");
                }
                skipWhitespace();
                int c = next();
                if (c == '}') {
                    break;
                }
                if (c != ',') {
                    throw unexpected(c, "',' or '}'");
                }
            }
        }
        skipWhitespace();
        if (position != text.length()) {
            throw malformed("UserSig JSON has text after its closing brace (offset " + position + ")");
        }
        return Collections.unmodifiableMap(members);
    }

    private Value value(String key) throws UserSigException {
        int c = peek();
        if (c == '"') {
            return new Text(string(MAX_STRING_CHARS));
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return number();
        }
        if (c == '{' || c == '[') {
            throw malformed("UserSig JSON value of " + UserSigException.quoted(key)
                    + " is nested; only strings and numbers are allowed");
        }
        throw malformed("UserSig JSON value of " + UserSigException.quoted(key)
                + " is not a string or a number (offset " + position + ")");
    }

    private String string(int maxChars) throws UserSigException {
        expect('"');
        int start = position;
        StringBuilder out = new StringBuilder();
        while (true) {
            int c = next();
            if (c == '"') {
                break;
            }
            if (c < 0x20) { // also end of text (-1); RFC 8259 §7: control characters must be escaped
                throw c < 0 ? malformed("UserSig JSON ends inside a string")
                        : malformed("UserSig JSON has an unescaped control character at offset " + (position - 1));
            }
            out.append((char) (c == '\\' ? escape() : c));
            if (out.length() > maxChars) {
                throw malformed("UserSig JSON has a string longer than " + maxChars + " characters");
            }
        }
        rejectUnpairedSurrogates(out, start);
        return out.toString();
    }

    /** RFC 8259 §8.2: a string with an unpaired surrogate (possible through escapes) has no UTF-8 form. */
    private static void rejectUnpairedSurrogates(CharSequence s, int offset) throws UserSigException {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw malformed("UserSig JSON has an unpaired surrogate in the string at offset " + offset);
            }
        }
    }

    private int escape() throws UserSigException {
        int c = next();
        return switch (c) {
            case '"', '\\', '/' -> c;
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'u' -> hex4();
            default -> throw malformed("UserSig JSON has an invalid escape at offset " + (position - 1));
        };
    }

    private int hex4() throws UserSigException {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(next(), 16);
            if (digit < 0) {
                throw malformed("UserSig JSON has an invalid \\u escape at offset " + (position - 1));
            }
            value = value * 16 + digit;
        }
        return value;
    }

    /** RFC 8259 §6: {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?}. */
    private Number number() throws UserSigException {
        int start = position;
        if (peek() == '-') {
            position++;
        }
        if (peek() == '0') {
            position++;
        } else if (!digits()) {
            throw malformed("UserSig JSON has an invalid number at offset " + start);
        }
        if (peek() == '.') {
            position++;
            if (!digits()) {
                throw malformed("UserSig JSON has an invalid number at offset " + start);
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            position++;
            if (peek() == '+' || peek() == '-') {
                position++;
            }
            if (!digits()) {
                throw malformed("UserSig JSON has an invalid number at offset " + start);
            }
        }
        if (position - start > MAX_NUMBER_CHARS) {
            throw malformed("UserSig JSON has a number longer than " + MAX_NUMBER_CHARS + " characters");
        }
        return new Number(text.substring(start, position));
    }

    /** Consumes one or more digits, at most up to the number length cap. */
    private boolean digits() throws UserSigException {
        int start = position;
        while (peek() >= '0' && peek() <= '9') {
            position++;
            if (position - start > MAX_NUMBER_CHARS) {
                throw malformed("UserSig JSON has a number longer than " + MAX_NUMBER_CHARS + " characters");
            }
        }
        return position > start;
    }

    private void skipWhitespace() {
        while (position < text.length()) {
            char c = text.charAt(position);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            position++;
        }
    }

    private void expect(char wanted) throws UserSigException {
        int c = next();
        if (c != wanted) {
            throw unexpected(c, "'" + wanted + "'");
        }
    }

    private int peek() {
        return position < text.length() ? text.charAt(position) : -1;
    }

    private int next() {
        return position < text.length() ? text.charAt(position++) : -1;
    }

    private UserSigException unexpected(int c, String wanted) {
        return c < 0 ? malformed("UserSig JSON ends where " + wanted + " was expected")
                : malformed("UserSig JSON has " + (c >= 0x20 && c < 0x7f ? "'" + (char) c + "'" : "a character")
                        + " at offset " + (position - 1) + " where " + wanted + " was expected");
    }

    private static UserSigException malformed(String detail) {
        return new UserSigException(UserSigException.Reason.MALFORMED, detail);
    }
}
