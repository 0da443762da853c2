package dev.parley.media.transport;

import java.util.concurrent.atomic.LongAdder;

/**
 * What crossed the media port, for operations (metrics): datagrams and bytes in and out, per loop, and
 * every drop by its reason. LongAdders: lock-free and allocation-free for the loops that write them,
 * readable from any thread.
 */
final class PortTraffic {
    final LongAdder droppedUnknownSender = new LongAdder();
    final LongAdder droppedUnclassified = new LongAdder();
    final LongAdder droppedOversized = new LongAdder();
    /** Between loops: a packet its sending loop could not protect. */
    final LongAdder droppedBetweenLoops = new LongAdder();
    final LongAdder datagramsReceived = new LongAdder();
    final LongAdder bytesReceived = new LongAdder();
    final LongAdder datagramsSent = new LongAdder();
    final LongAdder bytesSent = new LongAdder();
    private final LongAdder[] receivedByLoop;
    private final LongAdder[] sentByLoop;

    PortTraffic(int loops) {
        receivedByLoop = new LongAdder[loops];
        sentByLoop = new LongAdder[loops];
        for (int i = 0; i < loops; i++) {
            receivedByLoop[i] = new LongAdder();
            sentByLoop[i] = new LongAdder();
        }
    }

    /** Counts a datagram loop {@code loop}'s socket read; false when its size drops it (counted too). */
    boolean received(int loop, int len) {
        datagramsReceived.increment();
        receivedByLoop[loop].increment();
        bytesReceived.add(len);
        if (len == 0 || len > UdpPortMux.MAX_DATAGRAM) {
            droppedOversized.increment();
            return false;
        }
        return true;
    }

    void sent(int loop, int len) {
        datagramsSent.increment();
        sentByLoop[loop].increment();
        bytesSent.add(len);
    }

    long receivedBy(int loop) {
        return receivedByLoop[loop].sum();
    }

    long sentBy(int loop) {
        return sentByLoop[loop].sum();
    }
}
