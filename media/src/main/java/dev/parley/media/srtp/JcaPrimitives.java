package dev.parley.media.srtp;

import java.security.GeneralSecurityException;
import java.security.NoSuchProviderException;
import javax.crypto.Cipher;
import javax.crypto.Mac;

/**
 * Obtains JCA engines, preferring the JDK's own SunJCE provider.
 *
 * <p>Why: the DTLS code registers BouncyCastle, and if it is ever inserted at a higher priority a plain
 * {@code getInstance} would hand us its pure-Java AES instead of SunJCE's, whose AES, CTR, GHASH and
 * SHA-1 are HotSpot intrinsics (AES-NI, CLMUL). Engines are created once per session, never per packet.
 */
final class JcaPrimitives {
    private static final String SUN_JCE = "SunJCE";

    private JcaPrimitives() {
    }

    static Cipher cipher(String transformation) {
        try {
            try {
                return Cipher.getInstance(transformation, SUN_JCE);
            } catch (NoSuchProviderException e) {
                return Cipher.getInstance(transformation);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK provides no " + transformation, e);
        }
    }

    static Mac mac(String algorithm) {
        try {
            try {
                return Mac.getInstance(algorithm, SUN_JCE);
            } catch (NoSuchProviderException e) {
                return Mac.getInstance(algorithm);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK provides no " + algorithm, e);
        }
    }
}
