package dev.parley.usersig;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Generates TLS-Sig-API v2 UserSigs, the same strings Tencent's libraries produce: for the same
 * sdkAppId, key, userId, expiry, user buffer and second, the output is byte-identical to
 * {@code com.tencentyun.TLSSigAPIv2}'s.
 *
 * <pre>{@code
 * String userSig = UserSig.generate(1400000001L, secretKey, "alice", 86_400);
 * String privateMapKey = UserSig.generatePrivateMapKey(1400000001L, secretKey, "alice", 86_400,
 *         RoomId.numeric(1234), RoomPrivilege.mapOf(RoomPrivilege.ENTER_ROOM, RoomPrivilege.RECEIVE_AUDIO));
 * }</pre>
 *
 * <p>Rules for the arguments (an {@link IllegalArgumentException} names the one broken):
 * sdkAppId 1 to 4294967295; the secret key non-empty, used as its UTF-8 bytes (the 64 hex characters
 * of a TRTC key are not hex-decoded, as in every Tencent library); userId 1 to 256 UTF-8 bytes without
 * control characters; expireSeconds 0 to 4294967295; user buffer at most {@value #MAX_USERBUF_BYTES}
 * bytes; the clock between 1970 and 2106. Thread-safe: no state.
 */
public final class UserSig {

    /** Largest user buffer accepted, so that the UserSig stays within what the verifier reads. */
    public static final int MAX_USERBUF_BYTES = 3 * FlatJson.MAX_STRING_CHARS / 4;

    private UserSig() {
    }

    /**
     * @param sdkAppId      the application the UserSig is for
     * @param secretKey     that application's secret key
     * @param userId        the user the UserSig is for
     * @param expireSeconds validity from now, in seconds ({@code TLS.expire})
     * @return the UserSig, issued now by the system clock
     */
    public static String generate(long sdkAppId, String secretKey, String userId, long expireSeconds) {
        return generate(sdkAppId, secretKey, userId, expireSeconds, Clock.systemUTC());
    }

    /** As {@link #generate(long, String, String, long)}, with a user buffer ({@code TLS.userbuf}). */
    public static String generate(long sdkAppId, String secretKey, String userId, long expireSeconds,
                                  byte[] userbuf) {
        return generate(sdkAppId, secretKey, userId, expireSeconds, userbuf, Clock.systemUTC());
    }

    /** As {@link #generate(long, String, String, long)}, issued at {@code clock}'s current second. */
    public static String generate(long sdkAppId, String secretKey, String userId, long expireSeconds,
                                  Clock clock) {
        return sign(sdkAppId, secretKey, userId, expireSeconds, issueTime(clock), Optional.empty());
    }

    /** As {@link #generate(long, String, String, long, byte[])}, issued at {@code clock}'s current second. */
    public static String generate(long sdkAppId, String secretKey, String userId, long expireSeconds,
                                  byte[] userbuf, Clock clock) {
        Objects.requireNonNull(userbuf, "userbuf");
        if (userbuf.length > MAX_USERBUF_BYTES) {
            throw new IllegalArgumentException("userbuf must be at most " + MAX_USERBUF_BYTES + " bytes, was "
                    + userbuf.length);
        }
        return sign(sdkAppId, secretKey, userId, expireSeconds, issueTime(clock), Optional.of(userbuf.clone()));
    }

    /**
     * A UserSig carrying room privileges, like Tencent's {@code genPrivateMapKey} (numeric room) and
     * {@code genPrivateMapKeyWithStringRoomID} (string room). The privileges expire with the UserSig;
     * their expiry is written as an absolute unix time, as Tencent's current libraries write it.
     *
     * @param roomId       the one room the privileges apply to
     * @param privilegeMap {@link RoomPrivilege} bits, e.g. {@link RoomPrivilege#ALL}
     * @return the UserSig, issued now by the system clock
     */
    public static String generatePrivateMapKey(long sdkAppId, String secretKey, String userId, long expireSeconds,
                                               RoomId roomId, long privilegeMap) {
        return generatePrivateMapKey(sdkAppId, secretKey, userId, expireSeconds, roomId, privilegeMap,
                Clock.systemUTC());
    }

    /** As {@link #generatePrivateMapKey(long, String, String, long, RoomId, long)}, issued at {@code clock}'s second. */
    public static String generatePrivateMapKey(long sdkAppId, String secretKey, String userId, long expireSeconds,
                                               RoomId roomId, long privilegeMap, Clock clock) {
        long time = issueTime(clock);
        checkUint32("expireSeconds", expireSeconds);
        PrivateMapKey key = PrivateMapKey.of(sdkAppId, userId, roomId, privilegeMap,
                Instant.ofEpochSecond(time + expireSeconds));
        return sign(sdkAppId, secretKey, userId, expireSeconds, time, Optional.of(key.toBytes()));
    }

    private static String sign(long sdkAppId, String secretKey, String userId, long expireSeconds, long time,
                               Optional<byte[]> userbuf) {
        checkUint32("sdkAppId", sdkAppId);
        if (sdkAppId == 0) {
            throw new IllegalArgumentException("sdkAppId must not be 0");
        }
        Objects.requireNonNull(secretKey, "secretKey");
        if (secretKey.isEmpty()) {
            throw new IllegalArgumentException("secretKey must not be empty");
        }
        Objects.requireNonNull(userId, "userId");
        SigDocument.userIdProblem(userId).ifPresent(problem -> {
            throw new IllegalArgumentException("userId " + problem);
        });
        checkUint32("expireSeconds", expireSeconds);
        return SigDocument.sign(secretKey.getBytes(StandardCharsets.UTF_8), userId, sdkAppId, time,
                expireSeconds, userbuf).encode();
    }

    /** {@code TLS.time}: the clock's whole seconds, truncated like Tencent's {@code currentTimeMillis() / 1000}. */
    private static long issueTime(Clock clock) {
        long time = Objects.requireNonNull(clock, "clock").instant().getEpochSecond();
        if (time < 0 || time > SigDocument.MAX_UINT32) {
            throw new IllegalArgumentException("clock must read between 1970 and 2106, read " + clock.instant());
        }
        return time;
    }

    private static void checkUint32(String name, long value) {
        if (value < 0 || value > SigDocument.MAX_UINT32) {
            throw new IllegalArgumentException(name + " must be 0 to " + SigDocument.MAX_UINT32 + ", was " + value);
        }
    }
}
