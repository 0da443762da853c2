package dev.parley.media.dtls;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * Two {@link DtlsAssociation}s wired back to back in memory, with an optional loss filter per direction.
 * Each direction's filter sees every datagram (a copy) and drops it when it returns true.
 */
final class InMemoryDatagramPath {

    /** One direction: delivers to whatever association is set as its destination. */
    static final class Direction implements DatagramSender {
        private final AtomicReference<DtlsAssociation> destination = new AtomicReference<>();
        private final Predicate<byte[]> drop;
        private final AtomicInteger sent = new AtomicInteger();
        private final AtomicInteger dropped = new AtomicInteger();

        Direction(Predicate<byte[]> drop) {
            this.drop = drop;
        }

        void deliverTo(DtlsAssociation association) {
            destination.set(association);
        }

        @Override
        public void send(byte[] buf, int off, int len) {
            sent.incrementAndGet();
            byte[] copy = java.util.Arrays.copyOfRange(buf, off, off + len);
            if (drop.test(copy)) {
                dropped.incrementAndGet();
                return;
            }
            DtlsAssociation to = destination.get();
            if (to != null) {
                to.receive(copy, 0, copy.length);
            }
        }

        int sent() {
            return sent.get();
        }

        int dropped() {
            return dropped.get();
        }
    }

    static Predicate<byte[]> lossless() {
        return datagram -> false;
    }

    /** Drops the first {@code count} datagrams, then nothing. */
    static Predicate<byte[]> dropFirst(int count) {
        AtomicInteger seen = new AtomicInteger();
        return datagram -> seen.incrementAndGet() <= count;
    }

    /**
     * Drops, once each, the first datagram holding a ChangeCipherSpec record (content type 20) and the
     * first holding a record of epoch 1 (the encrypted Finished): the final flight (RFC 6347 §4.1).
     */
    static Predicate<byte[]> dropFirstFinalFlight() {
        AtomicInteger changeCipherSpecs = new AtomicInteger();
        AtomicInteger epochOneRecords = new AtomicInteger();
        return datagram -> {
            if (datagram.length < 13) {
                return false;
            }
            if (datagram[0] == 20) {
                return changeCipherSpecs.incrementAndGet() == 1;
            }
            int epoch = ((datagram[3] & 0xFF) << 8) | (datagram[4] & 0xFF);
            return epoch == 1 && datagram[0] == 22 && epochOneRecords.incrementAndGet() == 1;
        };
    }

    private InMemoryDatagramPath() {
    }
}
