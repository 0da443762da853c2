package dev.parley.media.transport;

import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Datagrams handed from one media loop to another: a single-producer single-consumer ring of preallocated
 * slots, so the ring is also the pool (nothing is allocated per packet) and no lock is taken. The producer
 * claims a slot, fills its buffer in place, and publishes it; the consumer's loop is woken once per
 * producer batch ({@link #wake}), not per packet, and drains what was published. A full ring refuses the packet ({@link #claim} returns
 * null and counts a drop), as a full socket buffer would: the producer never waits.
 *
 * <p>Threading: {@link #claim}/{@link #publish}/{@link #wake} on the producer's thread only, the handler on the
 * consumer's executor only. Publishing and consuming are release stores of the two indexes (no fence per
 * packet); the wake-up check is a full fence and a volatile read on each side (a Dekker pair), so a batch
 * published while the consumer goes idle is never left unseen.
 */
final class HandOff {
    /** One datagram in the ring: its bytes (with SRTP headroom after them) and what travels with them. */
    static final class Slot {
        /** Allocated at the slot's first use: a ring costs memory only as deep as its backlog has been. */
        byte[] buf;
        int len;
        /** When the datagram this packet comes from (inbound: this one) was read, System.nanoTime; 0 for none. */
        long readNanos;
        /** Outbound: protects the packet in place on the consumer's loop and returns its new length. */
        PacketProtector protector;
        /** Outbound: where the protected packet goes. */
        MediaPath path;
        /** Inbound: who sent the datagram. */
        InetSocketAddress from;
        /** Forwarded: what the packet is of, and two words about it, for the receiving loop's handler. */
        Object attachment;
        long meta;
        long meta2;

        Slot() {
        }
    }

    /** What the consumer does with each slot; the slot is reused once this returns. */
    interface Handler {
        void handle(Slot slot);

        /** After each drained batch (the consumer flushes its socket here). */
        void batchDone();
    }

    /** Slots a consumer handles before it lets its loop run other work (then it goes on in a new task). */
    static final int DRAIN_BATCH = 256;
    /** Slots published without a {@link #wake} after which publish wakes the consumer itself. */
    static final int WAKE_EVERY = 64;

    private final Slot[] slots;
    private final int slotBytes;
    private final int mask;
    private final Executor consumer;
    private final Handler handler;
    private final AtomicLong head = new AtomicLong(); // next slot to consume; written by the consumer
    private final AtomicLong tail = new AtomicLong(); // next slot to publish; written by the producer
    private long cachedHead; // the producer's last read of head
    private long claimed = -1;
    private int unwoken; // published since the last wake; producer only
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final LongAdder dropped = new LongAdder();
    private final Runnable drain = this::drain;

    /** @param capacity slots, a power of two; @param slotBytes bytes per slot */
    HandOff(int capacity, int slotBytes, Executor consumer, Handler handler) {
        if (capacity < 2 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two of at least 2: " + capacity);
        }
        slots = new Slot[capacity];
        for (int i = 0; i < capacity; i++) {
            slots[i] = new Slot();
        }
        this.slotBytes = slotBytes;
        mask = capacity - 1;
        this.consumer = consumer;
        this.handler = handler;
    }

    /** The next free slot to fill, or null when the ring is full (the packet is dropped and counted). Producer. */
    Slot claim() {
        long t = tail.get();
        if (t - cachedHead >= slots.length) {
            cachedHead = head.get();
            if (t - cachedHead >= slots.length) {
                dropped.increment();
                return null;
            }
        }
        claimed = t;
        Slot s = slots[(int) (t & mask)];
        if (s.buf == null) {
            s.buf = new byte[slotBytes];
        }
        return s;
    }

    /**
     * Makes the claimed slot visible to the consumer. The consumer is woken by {@link #wake}, once per
     * producer batch, or here when {@value #WAKE_EVERY} slots wait unwoken: a consumer woken per packet
     * drains one or two and sleeps again, and pays a wake-up and a send system call for each. Producer.
     */
    void publish() {
        if (claimed < 0) {
            throw new IllegalStateException("publish without a claimed slot");
        }
        tail.lazySet(claimed + 1); // a release store: the slot's bytes before the index; the fence is in wake()
        claimed = -1;
        if (++unwoken >= WAKE_EVERY) {
            wake();
        }
    }

    /** Wakes the consumer if slots were published since the last wake and it is idle. Producer. */
    void wake() {
        if (unwoken > 0) {
            unwoken = 0;
            // Dekker with drain(): tail's store, a full fence, then this read of scheduled; drain() stores
            // scheduled (volatile) and then reads tail. One of the two sees the other's store.
            VarHandle.fullFence();
            if (!scheduled.get() && scheduled.compareAndSet(false, true)) {
                consumer.execute(drain);
            }
        }
    }

    private void drain() {
        long h = head.get();
        long t = tail.get();
        int handled = 0;
        try {
            while (h < t && handled < DRAIN_BATCH) {
                Slot s = slots[(int) (h & mask)];
                try {
                    handler.handle(s);
                } finally {
                    s.protector = null; // no closed transport is kept alive by an idle slot
                    s.path = null;
                    s.from = null;
                    s.attachment = null;
                    head.lazySet(++h); // release: the producer reuses the slot only after this handling
                }
                handled++;
                if (h == t) {
                    t = tail.get();
                }
            }
        } finally {
            handler.batchDone();
            if (h < tail.get()) {
                consumer.execute(drain); // still scheduled: the rest goes on after the loop's other work
            } else {
                scheduled.set(false);
                // A slot published between the read above and the store just made: its producer saw
                // "scheduled" and did not wake us, so take it now.
                if (h < tail.get() && scheduled.compareAndSet(false, true)) {
                    consumer.execute(drain);
                }
            }
        }
    }

    /** The ring index of the slot {@link #claim} returned (valid until it is published). Producer. */
    long claimedIndex() {
        return claimed;
    }

    /** Slots below this index are handled and may be reused. Any thread (the producer reads it to reuse). */
    long consumed() {
        return head.get();
    }

    /** Packets refused because the ring was full. Any thread. */
    long dropped() {
        return dropped.sum();
    }

    /** Slots published and not yet consumed (an estimate from any thread). */
    int backlog() {
        return (int) (tail.get() - head.get());
    }

    int capacity() {
        return slots.length;
    }
}
