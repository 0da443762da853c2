package dev.parley.media.dtls;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded queue of copied datagrams between the thread that reads the socket and the thread that runs
 * the (blocking) DTLS state machine. Full means drop: DTLS retransmits, and an unbounded queue would let
 * a peer fill the heap. {@link #close()} wakes a waiting taker at once, so a handshake can be aborted
 * without interrupting threads.
 *
 * <p>The lock is held for a copy-free enqueue/dequeue only; DTLS datagrams are rare (a handshake, an
 * alert), never the media path.
 */
final class DatagramQueue {

    /** The queue was closed: nothing more will be taken from it. */
    static final class ClosedException extends java.io.IOException {
        private static final long serialVersionUID = 1L;

        ClosedException() {
            super("DTLS association closed");
        }
    }

    private final int capacity;
    private final ArrayDeque<byte[]> datagrams;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private boolean closed;

    DatagramQueue(int capacity) {
        this.capacity = capacity;
        this.datagrams = new ArrayDeque<>(Math.min(capacity, 16));
    }

    /** Copies {@code buf[off, off + len)} into the queue; false (dropped) if full or closed. */
    boolean offer(byte[] buf, int off, int len) {
        byte[] copy = Arrays.copyOfRange(buf, off, off + len);
        lock.lock();
        try {
            if (closed || datagrams.size() >= capacity) {
                return false;
            }
            datagrams.addLast(copy);
            notEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes the oldest datagram, waiting up to {@code timeoutNanos} (0: do not wait; negative: until one
     * arrives or the queue closes). Empty if the wait elapsed.
     *
     * @throws ClosedException if the queue is or becomes closed
     * @throws java.io.InterruptedIOException if the waiting thread is interrupted
     */
    Optional<byte[]> poll(long timeoutNanos) throws java.io.IOException {
        lock.lock();
        try {
            long remainingNanos = timeoutNanos;
            while (!closed && datagrams.isEmpty()) {
                if (timeoutNanos < 0) {
                    notEmpty.await();
                } else if (remainingNanos <= 0) {
                    return Optional.empty();
                } else {
                    remainingNanos = notEmpty.awaitNanos(remainingNanos);
                }
            }
            if (closed) {
                throw new ClosedException();
            }
            return Optional.of(datagrams.removeFirst());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for a DTLS datagram");
        } finally {
            lock.unlock();
        }
    }

    boolean isEmpty() {
        lock.lock();
        try {
            return datagrams.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** Drops what is queued and wakes any waiting taker, which then gets {@link ClosedException}. */
    void close() {
        lock.lock();
        try {
            closed = true;
            datagrams.clear();
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }
}
