package dev.parley.media.rtcp;

import dev.parley.media.MalformedPacketException;
import dev.parley.media.rtp.BigEndian;

/**
 * Packet status chunks of transport-wide congestion control feedback
 * (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1.1 to §3.1.4): decoding into one status per
 * packet, and encoding back with run-length and status vector chunks.
 *
 * <pre>
 * run length chunk:     |0| S (2) |     run length (13)       |
 * status vector chunk:  |1|0|      14 symbols of 1 bit        |
 *                       |1|1|      7 symbols of 2 bits        |
 * </pre>
 */
final class TwccStatusChunks {
    static final int MAX_RUN_LENGTH = 0x1FFF;
    private static final int ONE_BIT_SYMBOLS = 14;
    private static final int TWO_BIT_SYMBOLS = 7;

    private TwccStatusChunks() {
    }

    /** Where the chunks of a feedback end, and how many receive-delta bytes follow them. */
    record Extent(int chunksEnd, int receivedCount, int deltaBytes) {
    }

    /**
     * Walks the chunks at {@code buf[off, end)} covering {@code count} packets, without allocating, so
     * that the caller can size arrays from what is really present.
     *
     * @throws MalformedPacketException if the chunks run past {@code end}, use the reserved symbol,
     *                                  or the receive deltas they announce do not fit
     */
    static Extent measure(int count, byte[] buf, int off, int end) throws MalformedPacketException {
        int filled = 0;
        int received = 0;
        int deltaBytes = 0;
        int p = off;
        while (filled < count) {
            if (p + 2 > end) {
                throw new MalformedPacketException("TWCC chunks end after " + filled + " of " + count + " packets");
            }
            int chunk = BigEndian.uint16(buf, p);
            p += 2;
            int n = Math.min(symbolsIn(chunk), count - filled);
            for (int i = 0; i < n; i++) {
                int s = symbol(chunk, i);
                if (s == 3) {
                    throw new MalformedPacketException("TWCC packet status uses the reserved symbol 11");
                }
                if (s != 0) {
                    received++;
                    deltaBytes += s;
                }
            }
            filled += n;
        }
        if (deltaBytes > end - p) {
            throw new MalformedPacketException("TWCC receive deltas (" + deltaBytes + " bytes) run past the packet end");
        }
        return new Extent(p, received, deltaBytes);
    }

    /** Fills {@code statuses} from chunks that {@link #measure} accepted. */
    static void decode(byte[] buf, int off, byte[] statuses) {
        int filled = 0;
        int p = off;
        while (filled < statuses.length) {
            int chunk = BigEndian.uint16(buf, p);
            p += 2;
            int n = Math.min(symbolsIn(chunk), statuses.length - filled);
            for (int i = 0; i < n; i++) {
                statuses[filled + i] = (byte) symbol(chunk, i);
            }
            filled += n;
        }
    }

    private static int symbolsIn(int chunk) {
        if ((chunk & 0x8000) == 0) {
            return chunk & MAX_RUN_LENGTH;
        }
        return (chunk & 0x4000) == 0 ? ONE_BIT_SYMBOLS : TWO_BIT_SYMBOLS;
    }

    /** Status of the {@code i}-th packet a chunk covers: 0 not received, 1 small delta, 2 large delta. */
    private static int symbol(int chunk, int i) {
        if ((chunk & 0x8000) == 0) {
            return (chunk >>> 13) & 0x3;
        }
        if ((chunk & 0x4000) == 0) {
            return (chunk >>> (13 - i)) & 0x1;
        }
        return (chunk >>> (12 - 2 * i)) & 0x3;
    }

    /**
     * Encodes {@code statuses} into chunks, greedily: long runs as run-length chunks, otherwise the
     * densest status vector that fits. With {@code out == null} only counts the chunks.
     *
     * @return the number of chunks
     */
    static int encode(byte[] statuses, byte[] out, int off) {
        int chunks = 0;
        int i = 0;
        while (i < statuses.length) {
            int run = runLength(statuses, i);
            int chunk;
            int covered;
            if (run >= ONE_BIT_SYMBOLS) {
                chunk = runChunk(statuses[i], run);
                covered = run;
            } else if (fitsOneBit(statuses, i)) {
                covered = Math.min(ONE_BIT_SYMBOLS, statuses.length - i);
                chunk = 0x8000;
                for (int k = 0; k < covered; k++) {
                    chunk |= statuses[i + k] << (13 - k);
                }
            } else if (run >= TWO_BIT_SYMBOLS) {
                chunk = runChunk(statuses[i], run);
                covered = run;
            } else {
                covered = Math.min(TWO_BIT_SYMBOLS, statuses.length - i);
                chunk = 0xC000;
                for (int k = 0; k < covered; k++) {
                    chunk |= statuses[i + k] << (12 - 2 * k);
                }
            }
            if (out != null) {
                BigEndian.putUint16(out, off + 2 * chunks, chunk);
            }
            chunks++;
            i += covered;
        }
        return chunks;
    }

    private static int runChunk(int status, int run) {
        return status << 13 | run;
    }

    private static int runLength(byte[] statuses, int from) {
        int n = 1;
        while (from + n < statuses.length && statuses[from + n] == statuses[from] && n < MAX_RUN_LENGTH) {
            n++;
        }
        return n;
    }

    private static boolean fitsOneBit(byte[] statuses, int from) {
        int end = Math.min(from + ONE_BIT_SYMBOLS, statuses.length);
        for (int k = from; k < end; k++) {
            if (statuses[k] > 1) {
                return false;
            }
        }
        return true;
    }
}
