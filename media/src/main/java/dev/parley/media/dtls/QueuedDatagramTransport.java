package dev.parley.media.dtls;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.TlsTimeoutException;

/**
 * BouncyCastle's view of the datagram path: reads from the {@link DatagramQueue} that
 * {@link DtlsAssociation#receive} fills, writes through the {@link DatagramSender}.
 *
 * <p>{@link #receive} honours {@code waitMillis} exactly: returning -1 when BouncyCastle's wait elapses
 * is what makes it retransmit an unanswered flight (RFC 6347 §4.2.4). While a handshake deadline is
 * armed, a wait that reaches it throws {@link TlsTimeoutException} instead.
 */
final class QueuedDatagramTransport implements DatagramTransport {

    private final DatagramQueue queue;
    private final DatagramSender sender;
    private final int mtu;
    /** System.nanoTime() by which the handshake must be done; 0 when no deadline is armed. */
    private volatile long deadlineNanos;
    private volatile boolean deadlinePassed;

    QueuedDatagramTransport(DatagramQueue queue, DatagramSender sender, int mtu) {
        this.queue = queue;
        this.sender = sender;
        this.mtu = mtu;
    }

    void armDeadline(long timeoutMillis) {
        deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    void disarmDeadline() {
        deadlineNanos = 0;
    }

    boolean deadlinePassed() {
        return deadlinePassed;
    }

    @Override
    public int getReceiveLimit() {
        return DtlsConfig.MAX_RECEIVE_SIZE;
    }

    @Override
    public int getSendLimit() {
        return mtu;
    }

    /** {@code waitMillis} 0 means no limit, as for a socket (BouncyCastle passes 0 only without a timeout). */
    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        boolean unlimited = waitMillis == 0;
        long waitEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        while (true) {
            long now = System.nanoTime();
            long wait = unlimited ? -1 : Math.max(0, waitEnd - now);
            long deadline = deadlineNanos;
            if (deadline != 0) {
                long untilDeadline = deadline - now;
                if (untilDeadline <= 0) {
                    deadlinePassed = true;
                    throw new TlsTimeoutException("DTLS handshake deadline passed");
                }
                wait = wait < 0 ? untilDeadline : Math.min(wait, untilDeadline);
            }
            Optional<byte[]> datagram = queue.poll(wait);
            if (datagram.isPresent() && datagram.get().length <= len) {
                byte[] bytes = datagram.get();
                System.arraycopy(bytes, 0, buf, off, bytes.length);
                return bytes.length;
            }
            if (datagram.isEmpty() && !unlimited && System.nanoTime() - waitEnd >= 0) {
                return -1;
            }
            // An oversized datagram (dropped), or the wait was cut short by the deadline: check again.
        }
    }

    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
        if (queue.isClosed()) {
            return; // after close() the transport may have released the 5-tuple: send nothing more
        }
        try {
            sender.send(buf, off, len);
        } catch (RuntimeException e) {
            throw new IOException("the datagram sender failed", e);
        }
    }

    /** Called by BouncyCastle when the DTLS connection ends, and by the association on close. */
    @Override
    public void close() {
        queue.close();
    }
}
