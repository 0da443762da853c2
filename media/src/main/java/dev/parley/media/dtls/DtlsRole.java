package dev.parley.media.dtls;

/**
 * Which side of the DTLS handshake this endpoint plays. RFC 5763 §5: the endpoint whose SDP says
 * {@code a=setup:active} is the DTLS client; {@code a=setup:passive} is the DTLS server;
 * {@code actpass} (offers only) defers to the answer.
 */
public enum DtlsRole {
    CLIENT,
    SERVER;

    /**
     * The local role for the local SDP's final {@code a=setup} value ({@code active} or
     * {@code passive}, case-insensitive).
     *
     * @throws IllegalArgumentException for {@code actpass}, {@code holdconn} or anything else: those
     *     do not decide a role on their own (RFC 4145 §4, RFC 5763 §5).
     */
    public static DtlsRole forLocalSetup(String setup) {
        if ("active".equalsIgnoreCase(setup)) {
            return CLIENT;
        }
        if ("passive".equalsIgnoreCase(setup)) {
            return SERVER;
        }
        throw new IllegalArgumentException("a=setup:" + setup + " does not decide the DTLS role");
    }
}
