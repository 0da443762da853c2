package dev.parley.media.srtp;

/**
 * The session keys of one direction and one of RTP or RTCP, derived from a master key and salt
 * (RFC 3711 §4.3). Package-private: they never leave the package, and their arrays are not copied.
 *
 * @param encryptionKey the AES session key
 * @param authKey the HMAC-SHA1 session key; empty for the AEAD profile
 * @param salt the session salt (14 bytes for AES-CM, 12 for GCM)
 */
record SessionKeys(byte[] encryptionKey, byte[] authKey, byte[] salt) {

    @Override
    public String toString() {
        return "SessionKeys[hidden]";
    }
}
