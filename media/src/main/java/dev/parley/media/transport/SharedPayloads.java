package dev.parley.media.transport;

/**
 * One media loop's copies of packets whose tail many of its downlinks send unchanged: a forwarded packet's
 * payload is the same for every subscriber past its first bytes (the rewritten header and codec
 * descriptor), so the SFU thread copies that tail once per loop and routing, not once per subscriber, and
 * the sending loop joins each subscriber's rewritten head to it. The SFU thread's copies into memory the
 * other core reads next were most of its per-subscriber cost (docs/PERFORMANCE.md, "Media loops").
 *
 * <p>A ring of preallocated entries, like the {@link HandOff} it serves: an entry is reused only once the
 * sending loop has handled every slot that refers to it (its consumed index is past the last of them), so
 * there is no lock and no count to give back. When the next entry is still in use the caller copies the
 * whole packet instead. SFU thread only (the producer of the loop's ring).
 */
final class SharedPayloads {
    /** Tails shorter than this are copied with their head: an entry would save less than it costs. */
    static final int MIN_TAIL = 256;
    /** Distinct packets in flight toward one loop that can share a tail (a slot of 1.5 KB each, allocated on use). */
    static final int ENTRIES = 256;

    private final byte[][] entries = new byte[ENTRIES][];
    /** The outbound ring index of the last slot referring to each entry; -1 when none has. */
    private final long[] lastSlot = new long[ENTRIES];
    private final int entryBytes;
    private int current = -1;
    // The tail the current entry holds: which buffer, where, how long, and in which routing it was copied.
    private byte[] source;
    private int sourceOff;
    private int length;
    private long routing = -1;

    SharedPayloads(int entryBytes) {
        this.entryBytes = entryBytes;
        java.util.Arrays.fill(lastSlot, -1);
    }

    /**
     * The entry holding {@code source[off, off + len)} for the slot at ring index {@code slot}: the entry the
     * previous call of the same routing copied it into, or a fresh copy; null when the next entry is still
     * in use (the caller copies the packet whole).
     *
     * @param routing which routing of a datagram this is: a source buffer may hold another packet in the next
     * @param consumed the sending loop's consumed index now (slots below it are handled)
     */
    byte[] entryFor(byte[] source, int off, int len, long routing, long slot, long consumed) {
        if (current >= 0 && routing == this.routing && source == this.source && off == sourceOff
                && len == length) {
            lastSlot[current] = slot;
            return entries[current];
        }
        int next = current + 1 == ENTRIES ? 0 : current + 1;
        if (lastSlot[next] >= consumed) {
            return null;
        }
        if (entries[next] == null) {
            entries[next] = new byte[entryBytes];
        }
        System.arraycopy(source, off, entries[next], 0, len);
        lastSlot[next] = slot;
        current = next;
        this.source = source;
        sourceOff = off;
        length = len;
        this.routing = routing;
        return entries[next];
    }
}
