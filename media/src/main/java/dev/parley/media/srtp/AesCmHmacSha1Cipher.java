package dev.parley.media.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code AES128_CM_HMAC_SHA1_80}: AES counter mode encryption (RFC 3711 §4.1.1) and an HMAC-SHA1 tag
 * truncated to 80 bits (RFC 3711 §4.2.1). Authenticate-then-decrypt: a forged packet is never decrypted
 * and its buffer is left untouched.
 *
 * <p>Per packet, the JCA {@link Mac} allocates its 20-byte result once; everything else is reused.
 * Not thread-safe.
 */
final class AesCmHmacSha1Cipher implements PacketCipher {
    private static final int TAG_LENGTH = 10;
    private static final int RTCP_HEADER = 8;

    private final AesCounterMode counterMode;
    private final Mac hmac;
    private final byte[] rolloverCounter = new byte[4];
    private final byte[] expectedTag = new byte[20];

    AesCmHmacSha1Cipher(SessionKeys keys) {
        this.counterMode = new AesCounterMode(keys.encryptionKey(), keys.salt());
        this.hmac = JcaPrimitives.mac("HmacSHA1");
        try {
            hmac.init(new SecretKeySpec(keys.authKey(), "HmacSHA1"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 rejected a 160-bit key", e);
        }
    }

    @Override
    public int tagLength() {
        return TAG_LENGTH;
    }

    @Override
    public int sealRtp(byte[] buf, int off, int headerLength, int len, int ssrc, long index) {
        counterMode.apply(ssrc, index, buf, off + headerLength, len - headerLength);
        computeRtpTag(buf, off, len, index);
        System.arraycopy(expectedTag, 0, buf, off + len, TAG_LENGTH);
        return len + TAG_LENGTH;
    }

    @Override
    public int openRtp(byte[] buf, int off, int headerLength, int len, int ssrc, long index) throws SrtpException {
        int authenticated = len - TAG_LENGTH;
        computeRtpTag(buf, off, authenticated, index);
        verify(buf, off + authenticated);
        counterMode.apply(ssrc, index, buf, off + headerLength, authenticated - headerLength);
        return authenticated;
    }

    @Override
    public int sealRtcp(byte[] buf, int off, int len, int ssrc, int srtcpIndex) {
        counterMode.apply(ssrc, srtcpIndex, buf, off + RTCP_HEADER, len - RTCP_HEADER);
        // RFC 3711 §3.4: E flag set (we always encrypt) and the index follow the encrypted portion...
        writeInt(buf, off + len, srtcpIndex | 0x8000_0000);
        int authenticated = len + SrtpProfile.SRTCP_INDEX_LENGTH;
        // ...and the tag covers header, encrypted portion, E flag and index.
        computeTag(buf, off, authenticated);
        System.arraycopy(expectedTag, 0, buf, off + authenticated, TAG_LENGTH);
        return authenticated + TAG_LENGTH;
    }

    @Override
    public int srtcpIndexOffset(int len) {
        return len - TAG_LENGTH - SrtpProfile.SRTCP_INDEX_LENGTH;
    }

    @Override
    public int openRtcp(byte[] buf, int off, int len, int ssrc, int srtcpIndex, boolean encrypted)
            throws SrtpException {
        int authenticated = len - TAG_LENGTH;
        computeTag(buf, off, authenticated);
        verify(buf, off + authenticated);
        int plainLength = authenticated - SrtpProfile.SRTCP_INDEX_LENGTH;
        if (encrypted) {
            counterMode.apply(ssrc, srtcpIndex, buf, off + RTCP_HEADER, plainLength - RTCP_HEADER);
        }
        return plainLength;
    }

    /** RFC 3711 §4.2: the RTP tag covers the authenticated portion followed by the 32-bit ROC. */
    private void computeRtpTag(byte[] buf, int off, int len, long index) {
        writeInt(rolloverCounter, 0, (int) (index >>> 16));
        hmac.update(buf, off, len);
        hmac.update(rolloverCounter, 0, rolloverCounter.length);
        finish();
    }

    private void computeTag(byte[] buf, int off, int len) {
        hmac.update(buf, off, len);
        finish();
    }

    private void finish() {
        try {
            hmac.doFinal(expectedTag, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 output buffer too small", e);
        }
    }

    /** Compares in constant time, so the position of the first wrong byte does not leak. */
    private void verify(byte[] buf, int tagOffset) throws SrtpException {
        int difference = 0;
        for (int i = 0; i < TAG_LENGTH; i++) {
            difference |= expectedTag[i] ^ buf[tagOffset + i];
        }
        if (difference != 0) {
            throw new SrtpException(SrtpException.Reason.AUTH_FAILED, "SRTP authentication tag mismatch");
        }
    }

    private static void writeInt(byte[] buf, int off, int value) {
        buf[off] = (byte) (value >>> 24);
        buf[off + 1] = (byte) (value >>> 16);
        buf[off + 2] = (byte) (value >>> 8);
        buf[off + 3] = (byte) value;
    }
}
