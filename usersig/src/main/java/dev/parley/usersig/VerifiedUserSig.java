package dev.parley.usersig;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A UserSig that passed every check of {@link UserSigVerifier#verify}. Holds no secret and not the
 * UserSig itself, so it may be logged.
 *
 * @param sdkAppId      the application ({@code TLS.sdkappid})
 * @param userId        the user ({@code TLS.identifier})
 * @param issuedAt      {@code TLS.time}
 * @param expiresAt     {@code TLS.time + TLS.expire}
 * @param privateMapKey the room privileges carried in {@code TLS.userbuf}, if any
 */
public record VerifiedUserSig(long sdkAppId, String userId, Instant issuedAt, Instant expiresAt,
                              Optional<PrivateMapKey> privateMapKey) {

    /** Requires non-null components. */
    public VerifiedUserSig {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(privateMapKey, "privateMapKey");
    }
}
