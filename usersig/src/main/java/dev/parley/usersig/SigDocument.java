package dev.parley.usersig;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The fields of a TLS-Sig-API v2 UserSig and their two forms: the text the HMAC covers and the
 * compressed, base64-encoded JSON a client carries.
 *
 * <p>{@code sig} is the standard base64 of the HMAC-SHA256; {@code userbuf}, when present, the
 * standard base64 of the user buffer. Both are kept as text because the signed content uses the
 * text, and their canonical form is checked on decoding, so text and bytes correspond one to one.
 */
record SigDocument(String identifier, long sdkAppId, long time, long expire, String sig, Optional<String> userbuf) {

    /** Longest UserSig string read; a real one is a few hundred characters. */
    static final int MAX_USER_SIG_CHARS = 16 * 1024;
    /** Largest JSON a UserSig may inflate to. */
    static final int MAX_JSON_BYTES = 64 * 1024;
    /** Longest userId, in UTF-8 bytes (Tencent's own service allows 32). */
    static final int MAX_USER_ID_BYTES = 256;
    /** TLS.sdkappid, TLS.time and TLS.expire are unsigned 32-bit values in every Tencent library. */
    static final long MAX_UINT32 = 0xFFFF_FFFFL;

    static final String VERSION = "2.0";
    private static final String HMAC = "HmacSHA256";
    private static final int HMAC_BYTES = 32;

    SigDocument {
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(sig, "sig");
        Objects.requireNonNull(userbuf, "userbuf");
    }

    /** Computes the HMAC and returns the signed document. Arguments are checked by the caller. */
    static SigDocument sign(byte[] secretKey, String identifier, long sdkAppId, long time, long expire,
                            Optional<byte[]> userbuf) {
        Optional<String> userbufText = userbuf.map(SigBase64::encodeStandard);
        String content = contentToSign(identifier, sdkAppId, time, expire, userbufText);
        String sig = SigBase64.encodeStandard(hmac(secretKey, content));
        return new SigDocument(identifier, sdkAppId, time, expire, sig, userbufText);
    }

    /**
     * The text the HMAC covers, one {@code name:value\n} line per field in this fixed order, as every
     * TLS-Sig-API v2 library builds it.
     */
    String contentToSign() {
        return contentToSign(identifier, sdkAppId, time, expire, userbuf);
    }

    private static String contentToSign(String identifier, long sdkAppId, long time, long expire,
                                        Optional<String> userbuf) {
        StringBuilder content = new StringBuilder(160)
                .append("TLS.identifier:").append(identifier).append('\n')
                .append("TLS.sdkappid:").append(sdkAppId).append('\n')
                .append("TLS.time:").append(time).append('\n')
                .append("TLS.expire:").append(expire).append('\n');
        userbuf.ifPresent(text -> content.append("TLS.userbuf:").append(text).append('\n'));
        return content.toString();
    }

    /** HMAC-SHA256 of the UTF-8 content under the UTF-8 bytes of the secret key (not hex-decoded). */
    static byte[] hmac(byte[] secretKey, String content) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(secretKey, HMAC));
            return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            // Every Java SE platform has HmacSHA256, and keys are checked non-empty when configured.
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** @return the HMAC bytes carried in {@code TLS.sig} */
    byte[] signatureBytes() {
        return Base64.getDecoder().decode(sig);
    }

    /** @return the user buffer bytes carried in {@code TLS.userbuf} */
    Optional<byte[]> userbufBytes() {
        return userbuf.map(text -> Base64.getDecoder().decode(text));
    }

    /**
     * The JSON, members in the order Tencent's Java library writes them (org.json's hash order):
     * any order decodes, this one makes our UserSig byte-identical to theirs.
     */
    String toJson() {
        StringBuilder json = new StringBuilder(256)
                .append("{\"TLS.expire\":").append(expire)
                .append(",\"TLS.ver\":\"").append(VERSION).append('"')
                .append(",\"TLS.sdkappid\":").append(sdkAppId)
                .append(",\"TLS.identifier\":");
        FlatJson.appendString(json, identifier);
        json.append(",\"TLS.sig\":");
        FlatJson.appendString(json, sig);
        userbuf.ifPresent(text -> {
            json.append(",\"TLS.userbuf\":");
            FlatJson.appendString(json, text);
        });
        return json.append(",\"TLS.time\":").append(time).append('}').toString();
    }

    /** @return the UserSig string: JSON, zlib, base64 in Tencent's alphabet */
    String encode() {
        return SigBase64.encodeTencent(BoundedZlib.deflate(toJson().getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Decodes a UserSig string into its fields without checking the signature or the time.
     *
     * <p>Bounded: at most {@value #MAX_USER_SIG_CHARS} characters are looked at, at most
     * {@value #MAX_JSON_BYTES} bytes are inflated, and the JSON reader has fixed caps.
     *
     * @throws UserSigException MALFORMED or UNSUPPORTED_VERSION; nothing unchecked
     */
    static SigDocument decode(String userSig) throws UserSigException {
        if (userSig.isEmpty()) {
            throw malformed("UserSig is empty");
        }
        if (userSig.length() > MAX_USER_SIG_CHARS) {
            throw malformed("UserSig is " + userSig.length() + " characters long, more than the "
                    + MAX_USER_SIG_CHARS + " accepted; a real UserSig is a few hundred");
        }
        byte[] compressed = SigBase64.decodeTencent(userSig, "UserSig");
        byte[] json = BoundedZlib.inflate(compressed, MAX_JSON_BYTES);
        return fromMembers(FlatJson.parseObject(utf8(json)));
    }

    private static SigDocument fromMembers(Map<String, FlatJson.Value> members) throws UserSigException {
        checkVersion(members);
        String identifier = text(members, "TLS.identifier");
        Optional<String> problem = userIdProblem(identifier);
        if (problem.isPresent()) {
            throw malformed("TLS.identifier " + problem.get());
        }
        long sdkAppId = unsignedInt(members, "TLS.sdkappid");
        if (sdkAppId == 0) {
            throw malformed("TLS.sdkappid is 0");
        }
        long time = unsignedInt(members, "TLS.time");
        long expire = unsignedInt(members, "TLS.expire");
        String sig = text(members, "TLS.sig");
        if (SigBase64.decodeStandard(sig, "TLS.sig").length != HMAC_BYTES) {
            throw malformed("TLS.sig is not a " + HMAC_BYTES + "-byte HMAC-SHA256");
        }
        Optional<String> userbuf = Optional.empty();
        if (members.containsKey("TLS.userbuf")) {
            userbuf = Optional.of(text(members, "TLS.userbuf"));
            SigBase64.decodeStandard(userbuf.get(), "TLS.userbuf");
        }
        return new SigDocument(identifier, sdkAppId, time, expire, sig, userbuf);
    }

    /**
     * v2 writes {@code "TLS.ver":"2.0"}; v1 (ECDSA) wrote {@code "TLS.version"} and {@code "TLS.sdk_appid"}
     * instead, which we name so the customer knows to switch libraries.
     */
    private static void checkVersion(Map<String, FlatJson.Value> members) throws UserSigException {
        FlatJson.Value version = members.get("TLS.ver");
        if (version == null) {
            if (members.containsKey("TLS.version") || members.containsKey("TLS.sdk_appid")) {
                throw new UserSigException(UserSigException.Reason.UNSUPPORTED_VERSION,
                        "UserSig is a TLS-Sig-API v1 (ECDSA) UserSig; generate it with TLS-Sig-API v2"
                                + " (HMAC-SHA256) instead");
            }
            throw malformed("UserSig has no TLS.ver field");
        }
        if (!(version instanceof FlatJson.Text text) || !text.value().equals(VERSION)) {
            String shown = version instanceof FlatJson.Text text ? UserSigException.quoted(text.value())
                    : ((FlatJson.Number) version).lexeme();
            throw new UserSigException(UserSigException.Reason.UNSUPPORTED_VERSION,
                    "UserSig has TLS.ver " + shown + "; only TLS-Sig-API v2 (\"2.0\") UserSigs are accepted");
        }
    }

    /**
     * The userId rule shared by generation and verification: 1 to {@value #MAX_USER_ID_BYTES} UTF-8
     * bytes, no control characters, no unpaired surrogates.
     *
     * @return what is wrong with {@code userId}, or empty if it is acceptable
     */
    static Optional<String> userIdProblem(String userId) {
        if (userId.isEmpty()) {
            return Optional.of("is empty");
        }
        for (int i = 0; i < userId.length(); i++) {
            char c = userId.charAt(i);
            if (Character.isISOControl(c)) {
                return Optional.of("contains a control character at index " + i);
            }
            if (Character.isHighSurrogate(c) && i + 1 < userId.length()
                    && Character.isLowSurrogate(userId.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of("contains an unpaired surrogate at index " + i);
            }
        }
        int bytes = userId.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_USER_ID_BYTES) {
            return Optional.of("is " + bytes + " UTF-8 bytes long, more than " + MAX_USER_ID_BYTES);
        }
        return Optional.empty();
    }

    private static String text(Map<String, FlatJson.Value> members, String name) throws UserSigException {
        FlatJson.Value value = members.get(name);
        if (value == null) {
            throw malformed("UserSig has no " + name + " field");
        }
        if (!(value instanceof FlatJson.Text text)) {
            throw malformed(name + " is a number; TLS-Sig-API v2 writes it as a string");
        }
        return text.value();
    }

    private static long unsignedInt(Map<String, FlatJson.Value> members, String name) throws UserSigException {
        FlatJson.Value value = members.get(name);
        if (value == null) {
            throw malformed("UserSig has no " + name + " field");
        }
        if (!(value instanceof FlatJson.Number number)) {
            throw malformed(name + " is a string; TLS-Sig-API v2 writes it as a number");
        }
        String lexeme = number.lexeme();
        for (int i = 0; i < lexeme.length(); i++) {
            if (lexeme.charAt(i) < '0' || lexeme.charAt(i) > '9') {
                throw malformed(name + " is " + lexeme + "; it must be a whole number from 0 to " + MAX_UINT32);
            }
        }
        if (lexeme.length() > 10 || Long.parseLong(lexeme) > MAX_UINT32) {
            throw malformed(name + " is " + lexeme + "; it must be a whole number from 0 to " + MAX_UINT32);
        }
        return Long.parseLong(lexeme);
    }

    private static String utf8(byte[] bytes) throws UserSigException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw malformed("UserSig JSON is not valid UTF-8");
        }
    }

    private static UserSigException malformed(String detail) {
        return new UserSigException(UserSigException.Reason.MALFORMED, detail);
    }
}
