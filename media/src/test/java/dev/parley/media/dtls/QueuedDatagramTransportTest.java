package dev.parley.media.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.tls.TlsTimeoutException;
import org.junit.jupiter.api.Test;

class QueuedDatagramTransportTest {

    private final DatagramQueue queue = new DatagramQueue(8);
    private final List<byte[]> sent = new ArrayList<>();
    private final QueuedDatagramTransport transport = new QueuedDatagramTransport(queue,
            (buf, off, len) -> sent.add(java.util.Arrays.copyOfRange(buf, off, off + len)), 1200);

    @Test
    void reportsTheMtuAndTheReceiveLimit() {
        assertThat(transport.getSendLimit()).isEqualTo(1200);
        assertThat(transport.getReceiveLimit()).isEqualTo(1500);
    }

    @Test
    void receiveHandsOverAQueuedDatagram() throws Exception {
        queue.offer(new byte[] {22, 1, 2}, 0, 3);
        byte[] buf = new byte[10];
        assertThat(transport.receive(buf, 2, 8, 1000)).isEqualTo(3);
        assertThat(buf).startsWith(0, 0, 22, 1, 2);
    }

    @Test
    void receiveReturnsMinusOneOnlyAfterTheWaitSoBouncyCastleRetransmits() throws Exception {
        long start = System.nanoTime();
        assertThat(transport.receive(new byte[10], 0, 10, 20)).isEqualTo(-1);
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(20_000_000L);
    }

    @Test
    void receiveSkipsADatagramTooLargeForTheBuffer() throws Exception {
        queue.offer(new byte[20], 0, 20);
        queue.offer(new byte[] {23}, 0, 1);
        assertThat(transport.receive(new byte[10], 0, 10, 1000)).isEqualTo(1);
    }

    @Test
    void receivePastTheHandshakeDeadlineThrowsATimeout() {
        transport.armDeadline(1);
        assertThatThrownBy(() -> transport.receive(new byte[10], 0, 10, 1000)).isInstanceOf(TlsTimeoutException.class);
        assertThat(transport.deadlinePassed()).isTrue();
    }

    @Test
    void receiveAfterCloseThrowsSoTheHandshakeAborts() {
        transport.close();
        assertThatThrownBy(() -> transport.receive(new byte[10], 0, 10, 1000))
                .isInstanceOf(DatagramQueue.ClosedException.class);
    }

    @Test
    void sendGoesToTheSenderUntilClosed() throws Exception {
        transport.send(new byte[] {9, 20, 21, 9}, 1, 2);
        transport.close();
        transport.send(new byte[] {22}, 0, 1);
        assertThat(sent).containsExactly(new byte[] {20, 21});
    }

    @Test
    void aFailingSenderBecomesAnIoException() {
        QueuedDatagramTransport failing = new QueuedDatagramTransport(queue, (buf, off, len) -> {
            throw new IllegalStateException("socket gone");
        }, 1200);
        assertThatThrownBy(() -> failing.send(new byte[1], 0, 1)).isInstanceOf(IOException.class)
                .hasCauseInstanceOf(IllegalStateException.class);
    }
}
