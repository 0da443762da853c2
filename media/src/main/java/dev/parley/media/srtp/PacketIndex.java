package dev.parley.media.srtp;

/**
 * The 48-bit SRTP packet index {@code i = 2^16 * ROC + SEQ} and its estimation from a 16-bit sequence
 * number (RFC 3711 §3.3.1, Appendix A).
 */
final class PacketIndex {
    /** RFC 3711 §3.3.1: a 32-bit ROC and a 16-bit SEQ. */
    static final long MAX_RTP_INDEX = (1L << 48) - 1;
    /** RFC 3711 §3.4: the SRTCP index is 31 bits. */
    static final int MAX_SRTCP_INDEX = 0x7FFF_FFFF;

    private static final int HALF = 1 << 15;

    private PacketIndex() {
    }

    /**
     * RFC 3711 Appendix A: guesses the ROC of {@code seq} as the one that puts it closest to the highest
     * index seen, {@code highest}, i.e. within 2^15 of it. The result is negative when the guess is
     * "one before ROC 0": a packet older than the stream's first.
     */
    static long estimate(long highest, int seq) {
        long roc = highest >>> 16;
        int highestSeq = (int) highest & 0xFFFF;
        long guessedRoc;
        if (highestSeq < HALF) {
            guessedRoc = seq - highestSeq > HALF ? roc - 1 : roc;
        } else {
            guessedRoc = highestSeq - HALF > seq ? roc + 1 : roc;
        }
        return (guessedRoc << 16) | seq;
    }
}
