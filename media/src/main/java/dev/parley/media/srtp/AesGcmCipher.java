package dev.parley.media.srtp;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code AEAD_AES_128_GCM} for SRTP (RFC 7714 §8) and SRTCP (RFC 7714 §9) through the JCA's
 * {@code AES/GCM/NoPadding}, in place.
 *
 * <p>Each packet needs an {@code init} with its own IV and so a new {@link GCMParameterSpec}: the JCA
 * offers no other way to change the IV, and forbids re-using key and IV for encryption.
 *
 * <p>IV re-use: protecting the same SSRC and index twice (a retransmission of the very same packet)
 * yields the same IV. That is safe only for byte-identical plaintext, which is the caller's promise; the
 * JCA refuses when the previous encryption used the same IV, so we then first initialise with an IV that
 * SRTP can never produce (its first two bytes differ from the salt's, RFC 7714 §8.1) and encrypt nothing
 * under it.
 *
 * <p>On authentication failure the decrypted bytes are not released, but the ciphertext in the buffer
 * may have been overwritten. Not thread-safe.
 */
final class AesGcmCipher implements PacketCipher {
    private static final int TAG_LENGTH = 16;
    private static final int TAG_BITS = TAG_LENGTH * 8;
    private static final int IV_LENGTH = 12;
    private static final int RTCP_HEADER = 8;

    private final SecretKeySpec key;
    private final byte[] salt;
    private final Cipher gcm;
    private final byte[] iv = new byte[IV_LENGTH];
    private final byte[] srtcpIndexWord = new byte[SrtpProfile.SRTCP_INDEX_LENGTH];
    private final GCMParameterSpec neverUsedIv;

    AesGcmCipher(SessionKeys keys) {
        this.key = new SecretKeySpec(keys.encryptionKey(), "AES");
        this.salt = keys.salt().clone();
        this.gcm = JcaPrimitives.cipher("AES/GCM/NoPadding");
        byte[] unreachable = salt.clone();
        unreachable[0] ^= (byte) 0xFF;
        this.neverUsedIv = new GCMParameterSpec(TAG_BITS, unreachable);
    }

    @Override
    public int tagLength() {
        return TAG_LENGTH;
    }

    @Override
    public int sealRtp(byte[] buf, int off, int headerLength, int len, int ssrc, long index) {
        try {
            initForEncryption(ssrc, index);
            // RFC 7714 §8.2: the whole RTP header, CSRCs and extension included, is the AAD.
            gcm.updateAAD(buf, off, headerLength);
            int written = gcm.doFinal(buf, off + headerLength, len - headerLength, buf, off + headerLength);
            return headerLength + written;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    @Override
    public int openRtp(byte[] buf, int off, int headerLength, int len, int ssrc, long index) throws SrtpException {
        try {
            initForDecryption(ssrc, index);
            gcm.updateAAD(buf, off, headerLength);
            int written = gcm.doFinal(buf, off + headerLength, len - headerLength, buf, off + headerLength);
            return headerLength + written;
        } catch (AEADBadTagException e) {
            throw authFailed();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
    }

    @Override
    public int sealRtcp(byte[] buf, int off, int len, int ssrc, int srtcpIndex) {
        writeInt(srtcpIndexWord, 0, srtcpIndex | 0x8000_0000);
        try {
            initForEncryption(ssrc, srtcpIndex);
            // RFC 7714 §9.3 (encrypted): AAD = first 8 octets || E flag and SRTCP index.
            gcm.updateAAD(buf, off, RTCP_HEADER);
            gcm.updateAAD(srtcpIndexWord, 0, srtcpIndexWord.length);
            int written = gcm.doFinal(buf, off + RTCP_HEADER, len - RTCP_HEADER, buf, off + RTCP_HEADER);
            int indexOffset = off + RTCP_HEADER + written;
            // RFC 7714 §9.1: the E flag and index follow the tag.
            System.arraycopy(srtcpIndexWord, 0, buf, indexOffset, srtcpIndexWord.length);
            return indexOffset + srtcpIndexWord.length - off;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    @Override
    public int srtcpIndexOffset(int len) {
        return len - SrtpProfile.SRTCP_INDEX_LENGTH;
    }

    @Override
    public int openRtcp(byte[] buf, int off, int len, int ssrc, int srtcpIndex, boolean encrypted)
            throws SrtpException {
        int sealedEnd = len - SrtpProfile.SRTCP_INDEX_LENGTH;
        System.arraycopy(buf, off + sealedEnd, srtcpIndexWord, 0, srtcpIndexWord.length);
        try {
            initForDecryption(ssrc, srtcpIndex);
            if (encrypted) {
                gcm.updateAAD(buf, off, RTCP_HEADER);
                gcm.updateAAD(srtcpIndexWord, 0, srtcpIndexWord.length);
                int written = gcm.doFinal(buf, off + RTCP_HEADER, sealedEnd - RTCP_HEADER, buf, off + RTCP_HEADER);
                return RTCP_HEADER + written;
            }
            // RFC 7714 §9.3 (unencrypted): everything up to the tag, then E flag and index, is AAD.
            int plainLength = sealedEnd - TAG_LENGTH;
            gcm.updateAAD(buf, off, plainLength);
            gcm.updateAAD(srtcpIndexWord, 0, srtcpIndexWord.length);
            gcm.doFinal(buf, off + plainLength, TAG_LENGTH, buf, off + plainLength);
            return plainLength;
        } catch (AEADBadTagException e) {
            throw authFailed();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
    }

    private void initForEncryption(int ssrc, long index) throws GeneralSecurityException {
        GCMParameterSpec spec = spec(ssrc, index);
        try {
            gcm.init(Cipher.ENCRYPT_MODE, key, spec);
        } catch (InvalidAlgorithmParameterException sameIvAsLastTime) {
            gcm.init(Cipher.ENCRYPT_MODE, key, neverUsedIv);
            gcm.init(Cipher.ENCRYPT_MODE, key, spec);
        }
    }

    private void initForDecryption(int ssrc, long index) throws GeneralSecurityException {
        gcm.init(Cipher.DECRYPT_MODE, key, spec(ssrc, index));
    }

    /**
     * RFC 7714 §8.1 (RTP: 00 00 || SSRC || ROC || SEQ) and §9.1 (RTCP: 00 00 || SSRC || 00 00 || 0 ||
     * SRTCP index): both are 2 zero bytes, the SSRC and a 48-bit index, XORed with the salt.
     */
    private GCMParameterSpec spec(int ssrc, long index) {
        System.arraycopy(salt, 0, iv, 0, IV_LENGTH);
        iv[2] ^= (byte) (ssrc >>> 24);
        iv[3] ^= (byte) (ssrc >>> 16);
        iv[4] ^= (byte) (ssrc >>> 8);
        iv[5] ^= (byte) ssrc;
        iv[6] ^= (byte) (index >>> 40);
        iv[7] ^= (byte) (index >>> 32);
        iv[8] ^= (byte) (index >>> 24);
        iv[9] ^= (byte) (index >>> 16);
        iv[10] ^= (byte) (index >>> 8);
        iv[11] ^= (byte) index;
        return new GCMParameterSpec(TAG_BITS, iv);
    }

    private static SrtpException authFailed() {
        return new SrtpException(SrtpException.Reason.AUTH_FAILED, "SRTP AEAD tag mismatch");
    }

    private static void writeInt(byte[] buf, int off, int value) {
        buf[off] = (byte) (value >>> 24);
        buf[off + 1] = (byte) (value >>> 16);
        buf[off + 2] = (byte) (value >>> 8);
        buf[off + 3] = (byte) value;
    }
}
