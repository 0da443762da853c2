package dev.parley.usersig;

import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The zlib layer of a UserSig (RFC 1950 around RFC 1951), with bounded work on hostile input.
 *
 * <p>Inflation stops as soon as the output would exceed a cap, so a zip bomb costs at most the cap in
 * memory and time. The stream must end exactly at the end of the input (Adler-32 checked by zlib),
 * with zero padding bits after its last block, so that no two different UserSig strings decode to
 * the same JSON by accident or by tampering.
 */
final class BoundedZlib {

    /** zlib header (2) + shortest DEFLATE data (2) + Adler-32 (4). */
    private static final int MIN_STREAM_BYTES = 8;
    private static final int ADLER_BYTES = 4;
    private static final int FIRST_BUFFER = 1024;

    private BoundedZlib() {
    }

    /**
     * Compresses like Tencent's libraries: {@code new Deflater()} (zlib wrapper, default level).
     *
     * @return the zlib stream
     */
    static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater();
        try {
            deflater.setInput(data);
            deflater.finish();
            byte[] out = new byte[data.length + 64];
            int length = 0;
            while (!deflater.finished()) {
                if (length == out.length) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
                length += deflater.deflate(out, length, out.length - length);
            }
            return Arrays.copyOf(out, length);
        } finally {
            deflater.end();
        }
    }

    /**
     * Inflates a complete zlib stream of at most {@code maxOutput} bytes.
     *
     * @throws UserSigException MALFORMED if the stream is invalid, truncated, followed by extra bytes,
     *                          needs a preset dictionary, has non-zero padding bits after its final
     *                          block, or inflates to more than {@code maxOutput} bytes
     */
    static byte[] inflate(byte[] compressed, int maxOutput) throws UserSigException {
        byte[] output = inflateOnce(compressed, maxOutput);
        rejectSetPaddingBits(compressed, output, maxOutput);
        return output;
    }

    private static byte[] inflateOnce(byte[] compressed, int maxOutput) throws UserSigException {
        if (compressed.length < MIN_STREAM_BYTES) {
            throw malformed("UserSig is too short to hold a zlib stream (" + compressed.length + " bytes)");
        }
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(compressed);
            byte[] out = new byte[Math.min(FIRST_BUFFER, maxOutput + 1)];
            int length = 0;
            while (!inflater.finished()) {
                if (length == out.length) {
                    // out.length <= maxOutput here, otherwise the check below would have thrown.
                    out = Arrays.copyOf(out, (int) Math.min(2L * out.length, maxOutput + 1L));
                }
                int remainingBefore = inflater.getRemaining();
                int produced = inflater.inflate(out, length, out.length - length);
                length += produced;
                if (length > maxOutput) {
                    throw malformed("UserSig decompresses to more than " + maxOutput
                            + " bytes; a real UserSig is a few hundred");
                }
                if (inflater.finished()) {
                    break;
                }
                if (inflater.needsDictionary()) {
                    throw malformed("UserSig's zlib stream asks for a preset dictionary");
                }
                if (inflater.needsInput()) {
                    throw malformed("UserSig's zlib stream is truncated");
                }
                if (produced == 0 && inflater.getRemaining() == remainingBefore) {
                    throw malformed("UserSig's zlib stream makes no progress");
                }
            }
            if (inflater.getRemaining() != 0) {
                throw malformed("UserSig has " + inflater.getRemaining() + " bytes after its zlib stream");
            }
            return Arrays.copyOf(out, length);
        } catch (DataFormatException e) {
            throw malformed("UserSig is not a valid zlib stream");
        } finally {
            inflater.end();
        }
    }

    /**
     * RFC 1951 §3.1.1 packs bits from the least significant end, and zlib skips the bits left over in
     * the last byte of the final block without looking at them. A zlib encoder writes them as zero; if
     * the highest set bit of that byte can be cleared without changing the output, it is such a
     * padding bit, set by someone else. Padding bits are the top bits of the byte, so only the highest
     * set bit needs the test: if it is part of the data, every bit below it is too.
     */
    private static void rejectSetPaddingBits(byte[] compressed, byte[] output, int maxOutput)
            throws UserSigException {
        int lastDataByte = compressed.length - ADLER_BYTES - 1;
        int value = compressed[lastDataByte] & 0xff;
        if (value == 0) {
            return;
        }
        byte[] cleared = compressed.clone();
        cleared[lastDataByte] = (byte) (value & ~Integer.highestOneBit(value));
        byte[] again;
        try {
            again = inflateOnce(cleared, maxOutput);
        } catch (UserSigException e) {
            return; // the bit carries data: the padding is all zero
        }
        if (Arrays.equals(again, output)) {
            throw malformed("UserSig's zlib stream has padding bits set after its last block");
        }
    }

    private static UserSigException malformed(String detail) {
        return new UserSigException(UserSigException.Reason.MALFORMED, detail);
    }
}
