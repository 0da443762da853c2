package dev.parley.media.srtp;

import java.nio.ByteBuffer;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A deliberately plain, allocation-happy second implementation of SRTP protection, written straight
 * from the RFC text, to check the optimised one against values no RFC lists (given ROCs, RTCP E=0).
 */
final class ReferenceSrtp {
    private ReferenceSrtp() {
    }

    /** RFC 3711 §4.1.1 and §4.2: AES-CM payload encryption, HMAC-SHA1-80 over header || payload || ROC. */
    static byte[] protectRtpCm(SessionKeys keys, byte[] packet, int headerLength, int roc) throws Exception {
        int ssrc = ByteBuffer.wrap(packet, 8, 4).getInt();
        int seq = ByteBuffer.wrap(packet, 2, 2).getShort() & 0xFFFF;
        byte[] iv = Arrays.copyOf(keys.salt(), 16);
        xor(iv, 4, ByteBuffer.allocate(4).putInt(ssrc).array());
        xor(iv, 8, ByteBuffer.allocate(4).putInt(roc).array());
        xor(iv, 12, new byte[] {(byte) (seq >>> 8), (byte) seq});
        Cipher ctr = Cipher.getInstance("AES/CTR/NoPadding");
        ctr.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keys.encryptionKey(), "AES"), new IvParameterSpec(iv));
        byte[] out = Arrays.copyOf(packet, packet.length + 10);
        ctr.doFinal(packet, headerLength, packet.length - headerLength, out, headerLength);
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(keys.authKey(), "HmacSHA1"));
        mac.update(out, 0, packet.length);
        mac.update(ByteBuffer.allocate(4).putInt(roc).array());
        System.arraycopy(mac.doFinal(), 0, out, packet.length, 10);
        return out;
    }

    /** RFC 7714 §8: IV = (00 00 || SSRC || ROC || SEQ) XOR salt, AAD = header. */
    static byte[] protectRtpGcm(SessionKeys keys, byte[] packet, int headerLength, int roc) throws Exception {
        byte[] iv = new byte[12];
        System.arraycopy(packet, 8, iv, 2, 4);
        System.arraycopy(ByteBuffer.allocate(4).putInt(roc).array(), 0, iv, 6, 4);
        System.arraycopy(packet, 2, iv, 10, 2);
        xor(iv, 0, keys.salt());
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keys.encryptionKey(), "AES"), new GCMParameterSpec(128, iv));
        gcm.updateAAD(packet, 0, headerLength);
        byte[] sealed = gcm.doFinal(packet, headerLength, packet.length - headerLength);
        byte[] out = Arrays.copyOf(packet, headerLength + sealed.length);
        System.arraycopy(sealed, 0, out, headerLength, sealed.length);
        return out;
    }

    /** RFC 7714 §9.3 with E = 0: the packet is AAD, then E || index; the payload stays clear. */
    static byte[] authenticateRtcpGcmUnencrypted(SessionKeys keys, byte[] packet, int srtcpIndex) throws Exception {
        byte[] iv = new byte[12];
        System.arraycopy(packet, 4, iv, 2, 4);
        System.arraycopy(ByteBuffer.allocate(4).putInt(srtcpIndex).array(), 0, iv, 8, 4);
        xor(iv, 0, keys.salt());
        byte[] indexWord = ByteBuffer.allocate(4).putInt(srtcpIndex).array();
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keys.encryptionKey(), "AES"), new GCMParameterSpec(128, iv));
        gcm.updateAAD(packet);
        gcm.updateAAD(indexWord);
        byte[] tag = gcm.doFinal();
        return ByteBuffer.allocate(packet.length + 20).put(packet).put(tag).put(indexWord).array();
    }

    private static void xor(byte[] target, int off, byte[] value) {
        for (int i = 0; i < value.length; i++) {
            target[off + i] ^= value[i];
        }
    }
}
