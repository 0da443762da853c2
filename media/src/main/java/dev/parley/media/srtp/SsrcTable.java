package dev.parley.media.srtp;

/**
 * Per-SSRC state of a session in an open-addressing table keyed by the primitive SSRC, so a lookup
 * boxes nothing (a {@code HashMap<Integer, ...>} would allocate an {@code Integer} per packet for most
 * SSRCs). Its capacity is fixed at construction, which bounds the memory a hostile peer can make us
 * spend. Entries are never removed: forgetting a receive stream would forget its replay state.
 *
 * <p>Package-private; {@link #get} returns null for an unknown SSRC. Not thread-safe.
 */
final class SsrcTable<T> {
    private final int[] keys;
    private final Object[] values;
    private final int shift;
    private final int maxEntries;
    private int size;

    SsrcTable(int maxEntries) {
        if (maxEntries < 1 || maxEntries > (1 << 20)) {
            throw new IllegalArgumentException("maximum SSRC count must be 1 to 2^20, got " + maxEntries);
        }
        // At most half full, so probe sequences stay short.
        int capacity = Integer.highestOneBit(maxEntries * 2 - 1) << 1;
        this.keys = new int[capacity];
        this.values = new Object[capacity];
        this.shift = Integer.SIZE - Integer.numberOfTrailingZeros(capacity);
        this.maxEntries = maxEntries;
    }

    @SuppressWarnings("unchecked")
    T get(int ssrc) {
        int mask = keys.length - 1;
        for (int slot = home(ssrc); ; slot = (slot + 1) & mask) {
            Object value = values[slot];
            if (value == null) {
                return null;
            }
            if (keys[slot] == ssrc) {
                return (T) value;
            }
        }
    }

    boolean isFull() {
        return size >= maxEntries;
    }

    int size() {
        return size;
    }

    /** Adds state for an SSRC that {@link #get} did not find; the caller checked {@link #isFull}. */
    void putNew(int ssrc, T value) {
        if (isFull()) {
            throw new IllegalStateException("SSRC table full at " + maxEntries + " entries");
        }
        int mask = keys.length - 1;
        int slot = home(ssrc);
        while (values[slot] != null) {
            slot = (slot + 1) & mask;
        }
        keys[slot] = ssrc;
        values[slot] = value;
        size++;
    }

    private int home(int ssrc) {
        // Fibonacci hashing: SSRCs are meant to be random, but a peer may choose them.
        return (ssrc * 0x9E37_79B9) >>> shift;
    }
}
