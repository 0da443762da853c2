package dev.parley.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-limited TURN credentials in the "TURN REST API" scheme (draft-uberti-behave-turn-rest-00 §2.2), the one
 * coturn checks with {@code use-auth-secret}: username {@code <expiry unix time>:<userId>}, password
 * base64(HMAC-SHA1(secret, username)). The TURN server needs no per-user state, and a credential leaked
 * from a page stops working at its expiry.
 */
public final class TurnCredentials {
    private final List<String> urls;
    private final SecretKeySpec key;
    private final Duration ttl;
    private final Clock clock;

    public TurnCredentials(List<String> urls, String secret, Duration ttl, Clock clock) {
        this.urls = List.copyOf(urls);
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1");
        this.ttl = ttl;
        this.clock = clock;
    }

    /** The username for {@code userId}, valid until now + ttl. */
    public String username(String userId) {
        long expiry = clock.instant().plus(ttl).getEpochSecond();
        return expiry + ":" + userId;
    }

    /** base64(HMAC-SHA1(secret, username)). */
    public String password(String username) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(key);
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is missing from this JVM", e);
        }
    }

    /** One RTCIceServer (as JSON fields) with every configured URL and fresh credentials for {@code userId}. */
    public Map<String, Object> iceServer(String userId) {
        String username = username(userId);
        Map<String, Object> server = new LinkedHashMap<>();
        server.put("urls", urls);
        server.put("username", username);
        server.put("credential", password(username));
        return server;
    }
}
