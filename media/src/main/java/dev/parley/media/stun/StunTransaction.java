package dev.parley.media.stun;

import java.net.InetSocketAddress;

/**
 * One outstanding request and its retransmission schedule (RFC 8489 §6.2.1): sent at 0, RTO, 3 RTO,
 * 7 RTO... (the timeout doubles each time), at most Rc times; it times out Rm x RTO after the last one.
 * Times are clock milliseconds. Not thread-safe.
 */
final class StunTransaction {
    private final TransactionId id;
    private final InetSocketAddress destination;
    private final byte[] request;
    private final IceTimers timers;
    private int transmissions;
    private long rtoMillis;
    private long deadlineMillis;

    StunTransaction(TransactionId id, InetSocketAddress destination, byte[] request, IceTimers timers, long now) {
        this.id = id;
        this.destination = destination;
        this.request = request;
        this.timers = timers;
        this.rtoMillis = timers.initialRto().toMillis();
        this.deadlineMillis = now; // first transmission is due at once
    }

    TransactionId id() {
        return id;
    }

    InetSocketAddress destination() {
        return destination;
    }

    /** The next time this transaction needs {@link #poll}. */
    long deadlineMillis() {
        return deadlineMillis;
    }

    boolean isTimedOut(long now) {
        return transmissions >= timers.maxTransmissions() && now >= deadlineMillis;
    }

    /** The datagram to (re)send now, or null if nothing is due (or the transaction has timed out). */
    IceTransmission poll(long now) {
        if (now < deadlineMillis || transmissions >= timers.maxTransmissions()) {
            return null;
        }
        transmissions++;
        if (transmissions == timers.maxTransmissions()) {
            deadlineMillis = now + timers.lastWaitMultiplier() * timers.initialRto().toMillis();
        } else {
            deadlineMillis = now + rtoMillis;
            rtoMillis *= 2;
        }
        return new IceTransmission(destination, request);
    }
}
