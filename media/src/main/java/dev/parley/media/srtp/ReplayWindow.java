package dev.parley.media.srtp;

/**
 * The replay list of one stream (RFC 3711 §3.3.2): the highest authenticated index and a sliding
 * bitmap of the {@code size} indexes at and below it, stored as a ring of {@code long} words indexed by
 * {@code index mod size}.
 *
 * <p>{@link #check} comes before authentication, {@link #accept} only after it succeeds, so forged
 * packets never move the window. Not thread-safe.
 */
final class ReplayWindow {
    static final int MIN_SIZE = 64;
    static final int MAX_SIZE = 32_768;

    /** Verdicts of {@link #check}. */
    static final int FRESH = 0;
    static final int REPLAYED = 1;
    static final int TOO_OLD = 2;

    private final long[] bits;
    private final int mask;
    private long highest = -1;

    /** @param size a power of two from {@value #MIN_SIZE} to {@value #MAX_SIZE} */
    ReplayWindow(int size) {
        this.bits = new long[size / Long.SIZE];
        this.mask = size - 1;
    }

    static void checkSize(int size) {
        if (size < MIN_SIZE || size > MAX_SIZE || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("replay window size must be a power of two from "
                    + MIN_SIZE + " to " + MAX_SIZE + ", got " + size);
        }
    }

    /** The highest accepted index, or -1 before the first. */
    long highest() {
        return highest;
    }

    /** {@link #FRESH}, {@link #REPLAYED} or {@link #TOO_OLD}; changes nothing. */
    int check(long index) {
        if (index > highest) {
            return FRESH;
        }
        if (highest - index > mask) {
            return TOO_OLD;
        }
        return isSet(index) ? REPLAYED : FRESH;
    }

    /** Records an authenticated index that {@link #check} found fresh, sliding the window if it is new. */
    void accept(long index) {
        if (index > highest) {
            long advance = highest < 0 ? bits.length * (long) Long.SIZE : index - highest;
            if (advance > mask) {
                java.util.Arrays.fill(bits, 0L);
            } else {
                // The slots between the old and the new top now stand for indexes not yet received.
                for (long skipped = highest + 1; skipped < index; skipped++) {
                    clear(skipped);
                }
            }
            highest = index;
        }
        set(index);
    }

    private boolean isSet(long index) {
        int slot = (int) index & mask;
        return (bits[slot >>> 6] & (1L << slot)) != 0;
    }

    private void set(long index) {
        int slot = (int) index & mask;
        bits[slot >>> 6] |= 1L << slot;
    }

    private void clear(long index) {
        int slot = (int) index & mask;
        bits[slot >>> 6] &= ~(1L << slot);
    }
}
