package dev.parley.usersig;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Shared test values and an independent, JDK-only implementation of the UserSig wrapping, so tests
 * can build documents the production code would never write (wrong version, v1, odd orders).
 */
final class SigFixtures {

    static final long SDK_APP_ID = 1400000001L;
    static final long OTHER_SDK_APP_ID = 1400000002L;
    /** A made-up key in the shape of a TRTC secret key (64 hex characters). */
    static final String KEY = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";
    static final String NEXT_KEY = "e0b8c4a6f1d2e3c4b5a6978877665544332211ffeeddccbbaa99887766554433";
    static final String OTHER_KEY = "0000000000000000000000000000000000000000000000000000000000000001";
    static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");

    private SigFixtures() {
    }

    static Clock clockAt(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    static UserSigVerifier verifierAt(Instant now) {
        return new UserSigVerifier(Map.of(SDK_APP_ID, List.of(KEY)), UserSigVerifier.DEFAULT_CLOCK_SKEW, clockAt(now));
    }

    /** JSON → zlib → base64 with Tencent's character substitutions. */
    static String wrap(String json) {
        return wrapBytes(json.getBytes(StandardCharsets.UTF_8));
    }

    static String wrapBytes(byte[] raw) {
        Deflater deflater = new Deflater();
        deflater.setInput(raw);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[4096];
        while (!deflater.finished()) {
            out.write(chunk, 0, deflater.deflate(chunk));
        }
        deflater.end();
        return tencentBase64(out.toByteArray());
    }

    static String tencentBase64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes).replace('+', '*').replace('/', '-').replace('=', '_');
    }

    static byte[] untencentBase64(String sig) {
        return Base64.getDecoder().decode(sig.replace('*', '+').replace('-', '/').replace('_', '='));
    }

    /** The JSON inside a UserSig, decoded without the production code. */
    static String unwrap(String sig) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(untencentBase64(sig));
            byte[] out = new byte[65536];
            int n = inflater.inflate(out);
            return new String(out, 0, n, StandardCharsets.UTF_8);
        } catch (DataFormatException e) {
            throw new AssertionError(e);
        } finally {
            inflater.end();
        }
    }

    /** base64(HMAC-SHA256(key, content)), computed without the production code. */
    static String hmac(String key, String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static String content(String identifier, long sdkAppId, long time, long expire) {
        return "TLS.identifier:" + identifier + "\nTLS.sdkappid:" + sdkAppId + "\nTLS.time:" + time
                + "\nTLS.expire:" + expire + "\n";
    }

    /** A signed v2 document in Python's layout (spaces after separators, insertion order). */
    static String pythonStyle(String identifier, long sdkAppId, long time, long expire, String key) {
        String sig = hmac(key, content(identifier, sdkAppId, time, expire));
        return wrap("{\"TLS.ver\": \"2.0\", \"TLS.identifier\": \"" + identifier + "\", \"TLS.sdkappid\": "
                + sdkAppId + ", \"TLS.expire\": " + expire + ", \"TLS.time\": " + time + ", \"TLS.sig\": \""
                + sig + "\"}");
    }
}
