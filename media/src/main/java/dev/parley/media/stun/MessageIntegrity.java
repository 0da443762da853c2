package dev.parley.media.stun;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * A MESSAGE-INTEGRITY key with its HMAC-SHA1 engine (RFC 8489 §14.5), kept for reuse so that checking
 * or signing a message allocates nothing.
 *
 * <p>Not thread-safe: it holds one {@link Mac} and scratch buffers. Give each agent its own instance
 * and use it from the agent's thread only.
 */
public final class MessageIntegrity {
    /** Size of the MESSAGE-INTEGRITY value, an HMAC-SHA1 (RFC 8489 §14.5). */
    public static final int LENGTH = 20;

    private static final String HMAC_SHA1 = "HmacSHA1";

    private final Mac mac;
    private final byte[] adjustedLength = new byte[2];
    private final byte[] computed = new byte[LENGTH];

    private MessageIntegrity(byte[] key) {
        if (key.length == 0) {
            throw new IllegalArgumentException("empty MESSAGE-INTEGRITY key");
        }
        try {
            mac = Mac.getInstance(HMAC_SHA1);
            mac.init(new SecretKeySpec(key, HMAC_SHA1));
        } catch (GeneralSecurityException e) {
            // Every Java platform must provide HmacSHA1 (java.security standard names).
            throw new IllegalStateException("HmacSHA1 unavailable", e);
        }
    }

    /**
     * Short-term credential (RFC 8489 §9.1.1), as ICE uses (RFC 8445 §7.2.2): the key is the password.
     * The OpaqueString profile is not applied; ICE passwords are ASCII ice-chars (RFC 8839 §5.4).
     */
    public static MessageIntegrity shortTerm(String password) {
        return new MessageIntegrity(password.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Long-term credential (RFC 8489 §9.2.2, MD5 algorithm): key = MD5(username ":" realm ":" password).
     * The caller passes the password already processed with SASLprep / OpaqueString (as RFC 5769 §2.4
     * gives it); this class does not implement those profiles.
     */
    public static MessageIntegrity longTerm(String username, String realm, String password) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            byte[] key = md5.digest((username + ":" + realm + ":" + password).getBytes(StandardCharsets.UTF_8));
            return new MessageIntegrity(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MD5 unavailable", e);
        }
    }

    /** A key given as raw bytes (copied). */
    public static MessageIntegrity ofKey(byte[] key) {
        return new MessageIntegrity(key.clone());
    }

    /**
     * Checks the MESSAGE-INTEGRITY attribute whose header starts at {@code attributeOffset} in the message
     * starting at {@code messageOffset}. The attribute's 20 value bytes must be present (the parser has
     * checked). Compares in constant time.
     */
    boolean verify(byte[] buf, int messageOffset, int attributeOffset) {
        compute(buf, messageOffset, attributeOffset, computed, 0);
        int diff = 0;
        int valueOffset = attributeOffset + 4;
        for (int i = 0; i < LENGTH; i++) {
            diff |= computed[i] ^ buf[valueOffset + i];
        }
        return diff == 0;
    }

    /** Writes the HMAC into the value of the attribute whose header starts at {@code attributeOffset}. */
    void sign(byte[] buf, int messageOffset, int attributeOffset) {
        compute(buf, messageOffset, attributeOffset, buf, attributeOffset + 4);
    }

    // RFC 8489 §14.5: the HMAC covers the message up to the attribute, with the header length field set
    // as if the message ended right after MESSAGE-INTEGRITY (later attributes such as FINGERPRINT excluded).
    private void compute(byte[] buf, int messageOffset, int attributeOffset, byte[] out, int outOffset) {
        int lengthThroughIntegrity = attributeOffset + 4 + LENGTH - messageOffset - StunMessage.HEADER_LENGTH;
        WireBytes.writeShort(adjustedLength, 0, lengthThroughIntegrity);
        mac.update(buf, messageOffset, 2);
        mac.update(adjustedLength, 0, 2);
        mac.update(buf, messageOffset + 4, attributeOffset - messageOffset - 4);
        try {
            mac.doFinal(out, outOffset);
        } catch (ShortBufferException e) {
            throw new IllegalStateException("no room for the HMAC", e);
        }
    }
}
