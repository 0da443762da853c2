package dev.parley.media.srtp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES in counter mode as SRTP uses it (RFC 3711 §4.1.1): the counter block is
 * {@code (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16)} plus the block number, and the keystream is
 * XORed over the payload in place.
 *
 * <p>Two JCA paths, chosen by length because each wins on its side (measured on JDK 17, AES-NI):
 * <ul>
 *   <li>up to {@value #SMALL_PAYLOAD} bytes, the counter blocks are encrypted with a reused
 *       {@code AES/ECB/NoPadding} cipher (key schedule done once) into a reused buffer and XORed
 *       8 bytes at a time: about 40 ns for 64 bytes against 75 ns for the CTR path, whose
 *       per-packet {@code init} dominates small payloads (audio, RTCP);</li>
 *   <li>above, {@code AES/CTR/NoPadding} re-initialised with the packet's IV, whose HotSpot intrinsic
 *       pipelines AES-NI over many blocks: about 150 ns for 1200 bytes against 530 ns through ECB,
 *       which runs one block per intrinsic call.</li>
 * </ul>
 * The CTR path writes into a reused scratch buffer and copies back, because SunJCE copies its input
 * (an allocation) when asked to work fully in place.
 *
 * <p>Not thread-safe: one instance belongs to one session, used by one thread at a time.
 */
final class AesCounterMode {
    /** Payloads up to this length take the ECB-keystream path. */
    static final int SMALL_PAYLOAD = 128;
    /** RFC 3711 §4.1.1: the 16-bit block counter bounds one packet's keystream to 2^16 blocks. */
    static final int MAX_LENGTH = (1 << 16) * 16;

    private static final int BLOCK = 16;
    private static final int SCRATCH = 2048;
    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private final SecretKeySpec key;
    private final byte[] salt;
    private final Cipher ecb;
    private final Cipher ctr;
    private final byte[] iv = new byte[BLOCK];
    private final byte[] counterBlocks = new byte[SMALL_PAYLOAD];
    private final byte[] keystream = new byte[SMALL_PAYLOAD];
    private final byte[] scratch = new byte[SCRATCH];

    /**
     * @param sessionKey the 16-byte session encryption key
     * @param sessionSalt the 14-byte session salt (a 12-byte one is zero-padded, for key derivation only)
     */
    AesCounterMode(byte[] sessionKey, byte[] sessionSalt) {
        this.key = new SecretKeySpec(sessionKey, "AES");
        this.salt = sessionSalt.clone();
        this.ecb = JcaPrimitives.cipher("AES/ECB/NoPadding");
        this.ctr = JcaPrimitives.cipher("AES/CTR/NoPadding");
        try {
            ecb.init(Cipher.ENCRYPT_MODE, key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES rejected a 128-bit key", e);
        }
    }

    /**
     * XORs the keystream for packet index {@code index} of {@code ssrc} over {@code buf[off, off+len)}.
     * Encryption and decryption are the same operation.
     */
    void apply(int ssrc, long index, byte[] buf, int off, int len) {
        if (len > MAX_LENGTH) {
            throw new IllegalArgumentException("AES-CM payload of " + len + " bytes exceeds 2^16 blocks");
        }
        if (len == 0) {
            return;
        }
        fillIv(ssrc, index);
        try {
            if (len <= SMALL_PAYLOAD) {
                applyThroughEcb(buf, off, len);
            } else {
                applyThroughCtr(buf, off, len);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES counter mode failed", e);
        }
    }

    private void fillIv(int ssrc, long index) {
        // RFC 3711 §4.1.1: the salt occupies the top 112 bits, the low 16 bits count blocks.
        System.arraycopy(salt, 0, iv, 0, salt.length);
        for (int i = salt.length; i < BLOCK; i++) {
            iv[i] = 0;
        }
        iv[4] ^= (byte) (ssrc >>> 24);
        iv[5] ^= (byte) (ssrc >>> 16);
        iv[6] ^= (byte) (ssrc >>> 8);
        iv[7] ^= (byte) ssrc;
        iv[8] ^= (byte) (index >>> 40);
        iv[9] ^= (byte) (index >>> 32);
        iv[10] ^= (byte) (index >>> 24);
        iv[11] ^= (byte) (index >>> 16);
        iv[12] ^= (byte) (index >>> 8);
        iv[13] ^= (byte) index;
    }

    private void applyThroughEcb(byte[] buf, int off, int len) throws GeneralSecurityException {
        int blocks = (len + BLOCK - 1) / BLOCK;
        for (int b = 0; b < blocks; b++) {
            int base = b * BLOCK;
            System.arraycopy(iv, 0, counterBlocks, base, BLOCK - 1);
            counterBlocks[base + BLOCK - 1] = (byte) b; // fewer than 256 blocks: no carry into byte 14
        }
        ecb.update(counterBlocks, 0, blocks * BLOCK, keystream, 0);
        int i = 0;
        for (; i + Long.BYTES <= len; i += Long.BYTES) {
            long mixed = (long) LONGS.get(buf, off + i) ^ (long) LONGS.get(keystream, i);
            LONGS.set(buf, off + i, mixed);
        }
        for (; i < len; i++) {
            buf[off + i] ^= keystream[i];
        }
    }

    private void applyThroughCtr(byte[] buf, int off, int len) throws GeneralSecurityException {
        // JCA needs a fresh parameter object per IV; it is the only per-packet allocation here.
        ctr.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
        for (int done = 0; done < len; done += SCRATCH) {
            int chunk = Math.min(SCRATCH, len - done);
            // CTR keeps its position across update() calls, so chunks continue one keystream.
            int written = ctr.update(buf, off + done, chunk, scratch, 0);
            if (written != chunk) {
                throw new IllegalStateException("AES/CTR returned " + written + " of " + chunk + " bytes");
            }
            System.arraycopy(scratch, 0, buf, off + done, chunk);
        }
    }
}
