package dev.parley.usersig;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import dev.parley.usersig.UserSigException.Reason;

/**
 * Verifies TLS-Sig-API v2 UserSigs (and PrivateMapKeys, which are UserSigs with a user buffer) made by
 * {@link UserSig} or by any of Tencent's TLS-Sig-API v2 libraries.
 *
 * <p>Configured with the secret keys of each sdkAppId: usually one, two while a key is being
 * rotated (a UserSig signed with either is accepted). A UserSig is accepted while
 * {@code issuedAt - skew <= now < expiresAt + skew}, where {@code skew} is the allowed clock skew
 * between the customer's backend and this server ({@link #DEFAULT_CLOCK_SKEW} unless configured).
 *
 * <p>Two different strings can be the same UserSig: the zlib (DEFLATE) and JSON layers have no
 * canonical form, and Tencent's libraries in different languages lay them out differently, so only
 * the signed fields are authenticated. Never key anything (a replay cache, a revocation list) on the
 * UserSig string; use the verified fields.
 *
 * <p>Immutable and thread-safe. {@link #toString()} shows sdkAppIds and key counts, never keys.
 */
public final class UserSigVerifier {

    /**
     * Allowed clock skew unless configured: 5 minutes (Kerberos' default). It covers a backend clock
     * running ahead (a UserSig used right after it was made) and one running behind; it lengthens a
     * UserSig's life by at most that much.
     */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofMinutes(5);
    /** Largest allowed clock skew that can be configured. */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofHours(1);

    private final Map<Long, List<byte[]>> secretKeys;
    private final Duration allowedClockSkew;
    private final Clock clock;

    /**
     * A verifier with the {@link #DEFAULT_CLOCK_SKEW} and the system clock.
     *
     * @param secretKeys sdkAppId → its secret keys (one, or two during a rotation)
     * @throws IllegalArgumentException if an sdkAppId is not 1 to 4294967295, or has no key, or a key is empty
     */
    public UserSigVerifier(Map<Long, List<String>> secretKeys) {
        this(secretKeys, DEFAULT_CLOCK_SKEW, Clock.systemUTC());
    }

    /**
     * @param secretKeys       sdkAppId → its secret keys (one, or two during a rotation); copied
     * @param allowedClockSkew zero to {@link #MAX_CLOCK_SKEW}
     * @param clock            the time UserSigs are checked against
     * @throws IllegalArgumentException if an sdkAppId is not 1 to 4294967295, has no key, a key is empty,
     *                                  or the skew is out of range
     */
    public UserSigVerifier(Map<Long, List<String>> secretKeys, Duration allowedClockSkew, Clock clock) {
        Objects.requireNonNull(secretKeys, "secretKeys");
        Objects.requireNonNull(allowedClockSkew, "allowedClockSkew");
        if (allowedClockSkew.isNegative() || allowedClockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
            throw new IllegalArgumentException("allowedClockSkew must be 0 to " + MAX_CLOCK_SKEW + ", was "
                    + allowedClockSkew);
        }
        Map<Long, List<byte[]>> copy = new TreeMap<>();
        secretKeys.forEach((sdkAppId, keys) -> copy.put(checkedSdkAppId(sdkAppId), keyBytes(sdkAppId, keys)));
        this.secretKeys = Collections.unmodifiableMap(copy);
        this.allowedClockSkew = allowedClockSkew;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Checks that {@code userSig} was issued by a holder of {@code sdkAppId}'s secret key to
     * {@code userId}, and is valid now. Checks run in this order, the first failure is thrown:
     * configured sdkAppId, format and version, sdkAppId, userId, signature, time, and for a user
     * buffer: PrivateMapKey format, its sdkAppId and userId, its expiry.
     *
     * <p>Bounded work on hostile input: at most 16 KiB of UserSig and 64 KiB of JSON are looked at.
     *
     * @param sdkAppId the application the client joins
     * @param userId   the user the client claims to be
     * @param userSig  the UserSig (or PrivateMapKey) the client presented
     * @return the verified fields
     * @throws UserSigException with the {@link Reason} of the first failed check; nothing unchecked is
     *                          thrown for any non-null {@code userSig}
     * @throws NullPointerException if {@code userId} or {@code userSig} is null
     */
    public VerifiedUserSig verify(long sdkAppId, String userId, String userSig) throws UserSigException {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(userSig, "userSig");
        List<byte[]> keys = secretKeys.get(sdkAppId);
        if (keys == null) {
            throw new UserSigException(Reason.UNKNOWN_SDK_APP_ID, "sdkAppId " + sdkAppId
                    + " is not configured on this server; use a configured sdkAppId or add its secret key"
                    + " to the server configuration");
        }
        SigDocument document = SigDocument.decode(userSig);
        if (document.sdkAppId() != sdkAppId) {
            throw new UserSigException(Reason.WRONG_SDK_APP_ID, "UserSig was issued for sdkAppId "
                    + document.sdkAppId() + ", not " + sdkAppId + "; generate it with the sdkAppId you join with");
        }
        if (!document.identifier().equals(userId)) {
            throw new UserSigException(Reason.USER_ID_MISMATCH, "UserSig was issued for userId "
                    + UserSigException.quoted(document.identifier()) + ", not " + UserSigException.quoted(userId)
                    + "; generate it for the userId you join with");
        }
        checkSignature(document, keys);
        Instant issuedAt = Instant.ofEpochSecond(document.time());
        Instant expiresAt = issuedAt.plusSeconds(document.expire());
        Instant now = clock.instant();
        checkTime(issuedAt, expiresAt, now);
        Optional<PrivateMapKey> privileges = privateMapKey(document, issuedAt, now);
        return new VerifiedUserSig(sdkAppId, userId, issuedAt, expiresAt, privileges);
    }

    /** @return the configured sdkAppIds, ascending, unmodifiable */
    public Set<Long> sdkAppIds() {
        return secretKeys.keySet();
    }

    /** @return the allowed clock skew */
    public Duration allowedClockSkew() {
        return allowedClockSkew;
    }

    /** Shows sdkAppIds, key counts and the skew; never a key. */
    @Override
    public String toString() {
        return "UserSigVerifier{sdkAppIds=" + secretKeys.entrySet().stream()
                .map(e -> e.getKey() + " (" + e.getValue().size() + (e.getValue().size() == 1 ? " key)" : " keys)"))
                .collect(Collectors.joining(", ", "[", "]"))
                + ", allowedClockSkew=" + allowedClockSkew + '}';
    }

    /** Every key is tried, each compare in constant time, so timing reveals neither key nor HMAC. */
    private static void checkSignature(SigDocument document, List<byte[]> keys) throws UserSigException {
        byte[] carried = document.signatureBytes();
        String content = document.contentToSign();
        boolean matched = false;
        for (byte[] key : keys) {
            matched |= MessageDigest.isEqual(SigDocument.hmac(key, content), carried);
        }
        if (!matched) {
            throw new UserSigException(Reason.BAD_SIGNATURE, "UserSig signature does not match the secret key"
                    + (keys.size() == 1 ? "" : "s") + " configured for sdkAppId " + document.sdkAppId()
                    + "; sign it with this sdkAppId's current secret key, and pass it unchanged");
        }
    }

    private void checkTime(Instant issuedAt, Instant expiresAt, Instant now) throws UserSigException {
        if (issuedAt.isAfter(now.plus(allowedClockSkew))) {
            throw new UserSigException(Reason.NOT_YET_VALID, "UserSig was issued at " + issuedAt
                    + ", later than this server's time " + now + " plus the allowed clock skew of "
                    + allowedClockSkew + "; check the clock of the backend that generates UserSigs (NTP)");
        }
        if (!now.isBefore(expiresAt.plus(allowedClockSkew))) {
            throw new UserSigException(Reason.EXPIRED, "UserSig expired at " + expiresAt + " (now " + now
                    + ", allowed clock skew " + allowedClockSkew + "); generate a new one");
        }
    }

    private Optional<PrivateMapKey> privateMapKey(SigDocument document, Instant issuedAt, Instant now)
            throws UserSigException {
        Optional<byte[]> userbuf = document.userbufBytes();
        if (userbuf.isEmpty() || userbuf.get().length == 0) {
            return Optional.empty();
        }
        PrivateMapKey key = PrivateMapKey.parse(userbuf.get(), issuedAt);
        if (key.sdkAppId() != document.sdkAppId()) {
            throw new UserSigException(Reason.WRONG_SDK_APP_ID, "PrivateMapKey in the UserSig was made for sdkAppId "
                    + key.sdkAppId() + ", not " + document.sdkAppId() + "; generate it with the sdkAppId you join with");
        }
        if (!key.userId().equals(document.identifier())) {
            throw new UserSigException(Reason.USER_ID_MISMATCH, "PrivateMapKey in the UserSig was made for userId "
                    + UserSigException.quoted(key.userId()) + ", not " + UserSigException.quoted(document.identifier())
                    + "; generate it for the userId you join with");
        }
        if (!now.isBefore(key.expiresAt().plus(allowedClockSkew))) {
            throw new UserSigException(Reason.EXPIRED, "PrivateMapKey (room privileges) in the UserSig expired at "
                    + key.expiresAt() + " (now " + now + ", allowed clock skew " + allowedClockSkew
                    + "); generate a new one");
        }
        return Optional.of(key);
    }

    private static long checkedSdkAppId(Long sdkAppId) {
        if (sdkAppId == null || sdkAppId < 1 || sdkAppId > SigDocument.MAX_UINT32) {
            throw new IllegalArgumentException("sdkAppId must be 1 to " + SigDocument.MAX_UINT32 + ", was " + sdkAppId);
        }
        return sdkAppId;
    }

    private static List<byte[]> keyBytes(Long sdkAppId, List<String> keys) {
        if (keys == null || keys.isEmpty()) {
            throw new IllegalArgumentException("sdkAppId " + sdkAppId + " has no secret key");
        }
        List<byte[]> bytes = new ArrayList<>(keys.size());
        for (String key : keys) {
            if (key == null || key.isEmpty()) {
                throw new IllegalArgumentException("sdkAppId " + sdkAppId + " has an empty secret key");
            }
            bytes.add(key.getBytes(StandardCharsets.UTF_8));
        }
        return List.copyOf(bytes);
    }
}
