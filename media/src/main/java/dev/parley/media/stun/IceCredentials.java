package dev.parley.media.stun;

/**
 * An ICE username fragment and password (RFC 8445 §5.3, SDP ice-ufrag / ice-pwd, RFC 8839 §5.4).
 * Connectivity checks carry USERNAME "receiver-ufrag:sender-ufrag" and are signed with the receiver's
 * password (RFC 8445 §7.2.2).
 *
 * @param ufrag the username fragment; must not contain ':' (it separates the two fragments)
 * @param password the password, the short-term MESSAGE-INTEGRITY key
 */
public record IceCredentials(String ufrag, String password) {

    public IceCredentials {
        if (ufrag == null || ufrag.isEmpty() || ufrag.indexOf(':') >= 0) {
            throw new IllegalArgumentException("ICE ufrag must be non-empty and free of ':'");
        }
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("ICE password must be non-empty");
        }
    }

    /** A fresh short-term MESSAGE-INTEGRITY engine keyed with this password (one per agent thread). */
    public MessageIntegrity messageIntegrity() {
        return MessageIntegrity.shortTerm(password);
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "IceCredentials[ufrag=" + ufrag + "]";
    }
}
