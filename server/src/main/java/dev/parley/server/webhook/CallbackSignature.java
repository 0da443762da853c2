package dev.parley.server.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * TRTC's callback signature: the {@code Sign} header is {@code base64(HMAC-SHA256(key, body))} over the exact
 * bytes of the request body (Tencent's "Verify Signature Example", trtc.io/document/54912).
 */
public final class CallbackSignature {
    private CallbackSignature() {
    }

    public static String sign(String key, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
