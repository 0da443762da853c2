package dev.parley.server.admin;

import dev.parley.usersig.UserSigException;
import dev.parley.usersig.UserSigVerifier;

/**
 * Who may call the admin API for an app: whoever holds the app's secret key. A request carries
 * {@code Authorization: UserSig <sig>}, a TLS-Sig-API v2 UserSig for the identifier {@value #ADMIN_IDENTIFIER}
 * made with the app's secret key — what the backend's UserSig library already makes for users, and what
 * Tencent's IM server API asks of the same backends. A short expiry (minutes) keeps a leaked one short-lived.
 */
public final class AdminAuthenticator {
    /** The identifier an admin UserSig is made for (Tencent's IM server API uses the same one). */
    public static final String ADMIN_IDENTIFIER = "administrator";
    private static final String SCHEME = "UserSig ";

    private final UserSigVerifier verifier;

    public AdminAuthenticator(UserSigVerifier verifier) {
        this.verifier = verifier;
    }

    /** Refuses unless {@code authorization} carries a valid, unexpired admin UserSig of {@code sdkAppId}. */
    void check(long sdkAppId, String authorization) throws AdminError {
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw AdminError.unauthorized(AdminError.INVALID_AUTHORIZATION, "send the header 'Authorization: UserSig"
                    + " <sig>', sig being a UserSig for the identifier '" + ADMIN_IDENTIFIER
                    + "' generated with the app's secret key (docs/OPERATIONS.md)");
        }
        String sig = authorization.substring(SCHEME.length()).trim();
        try {
            verifier.verify(sdkAppId, ADMIN_IDENTIFIER, sig);
        } catch (UserSigException e) {
            String code = e.reason() == UserSigException.Reason.EXPIRED ? AdminError.SIGNATURE_EXPIRE
                    : AdminError.SIGNATURE_FAILURE;
            throw AdminError.unauthorized(code, "admin UserSig refused: " + e.getMessage());
        }
    }
}
