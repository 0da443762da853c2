package dev.parley.media.srtp;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SRTP key derivation function with a key derivation rate of 0 (RFC 3711 §4.3), used unchanged by
 * the AEAD profile with its 96-bit master salt (RFC 7714 §11).
 *
 * <p>Runs once per session, so it may allocate freely.
 */
final class SrtpKeyDerivation {
    // RFC 3711 §4.3.1 (SRTP) and §4.3.2 (SRTCP) labels.
    static final int LABEL_RTP_ENCRYPTION = 0x00;
    static final int LABEL_RTP_AUTH = 0x01;
    static final int LABEL_RTP_SALT = 0x02;
    static final int LABEL_RTCP_ENCRYPTION = 0x03;
    static final int LABEL_RTCP_AUTH = 0x04;
    static final int LABEL_RTCP_SALT = 0x05;

    private static final int BLOCK = 16;
    /** key_id = label || r is 56 bits, right-aligned against the 112-bit salt: the label is byte 7. */
    private static final int LABEL_POSITION = 7;

    private SrtpKeyDerivation() {
    }

    /** The session keys for SRTP packets. */
    static SessionKeys forRtp(SrtpProfile profile, byte[] masterKey, byte[] masterSalt) {
        return derive(profile, masterKey, masterSalt, LABEL_RTP_ENCRYPTION, LABEL_RTP_AUTH, LABEL_RTP_SALT);
    }

    /** The session keys for SRTCP packets. */
    static SessionKeys forRtcp(SrtpProfile profile, byte[] masterKey, byte[] masterSalt) {
        return derive(profile, masterKey, masterSalt, LABEL_RTCP_ENCRYPTION, LABEL_RTCP_AUTH, LABEL_RTCP_SALT);
    }

    private static SessionKeys derive(SrtpProfile profile, byte[] masterKey, byte[] masterSalt,
                                      int encryptionLabel, int authLabel, int saltLabel) {
        checkLength(masterKey, profile.masterKeyLength(), "master key");
        checkLength(masterSalt, profile.masterSaltLength(), "master salt");
        return new SessionKeys(
                prf(masterKey, masterSalt, encryptionLabel, profile.masterKeyLength()),
                prf(masterKey, masterSalt, authLabel, profile.authKeyLength()),
                prf(masterKey, masterSalt, saltLabel, profile.masterSaltLength()));
    }

    /**
     * PRF_n(k_master, x) of RFC 3711 §4.3.3: the AES-CM keystream under the master key, starting at
     * x * 2^16, where x = key_id XOR master_salt and r = index DIV kdr = 0. A 12-byte master salt is
     * left-aligned and zero-padded to 14 bytes (RFC 7714 §11), as libsrtp and pion do.
     */
    static byte[] prf(byte[] masterKey, byte[] masterSalt, int label, int length) {
        if (length == 0) {
            return new byte[0];
        }
        int blocks = (length + BLOCK - 1) / BLOCK;
        byte[] counters = new byte[blocks * BLOCK];
        for (int b = 0; b < blocks; b++) {
            int base = b * BLOCK;
            System.arraycopy(masterSalt, 0, counters, base, masterSalt.length);
            counters[base + LABEL_POSITION] ^= (byte) label;
            counters[base + BLOCK - 2] = (byte) (b >>> 8);
            counters[base + BLOCK - 1] = (byte) b;
        }
        try {
            Cipher ecb = JcaPrimitives.cipher("AES/ECB/NoPadding");
            ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(masterKey, "AES"));
            byte[] keystream = ecb.doFinal(counters);
            return Arrays.copyOf(keystream, length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES key derivation failed", e);
        }
    }

    private static void checkLength(byte[] value, int expected, String name) {
        if (value.length != expected) {
            throw new IllegalArgumentException(name + " must be " + expected + " bytes, got " + value.length);
        }
    }
}
