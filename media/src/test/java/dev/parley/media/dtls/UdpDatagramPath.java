package dev.parley.media.dtls;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real UDP socket on loopback carrying one {@link DtlsAssociation}: a reader thread feeds it every
 * DTLS datagram (RFC 7983 first-byte demultiplexing, as the transport will); the sender replies to a
 * fixed peer (client role) or to whoever sent the first datagram (server role).
 */
final class UdpDatagramPath implements DatagramSender, AutoCloseable {

    private final DatagramSocket socket;
    private final AtomicReference<SocketAddress> peer = new AtomicReference<>();
    private final AtomicReference<DtlsAssociation> association = new AtomicReference<>();
    private final Thread reader;

    UdpDatagramPath() throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        reader = new Thread(this::readLoop, "udp-path-" + socket.getLocalPort());
        reader.setDaemon(true);
    }

    int localPort() {
        return socket.getLocalPort();
    }

    void sendTo(int port) {
        peer.set(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    void deliverTo(DtlsAssociation target) {
        association.set(target);
        reader.start();
    }

    @Override
    public void send(byte[] buf, int off, int len) {
        SocketAddress to = peer.get();
        if (to == null) {
            return;
        }
        try {
            socket.send(new DatagramPacket(buf, off, len, to));
        } catch (IOException e) {
            // UDP is best effort: the DTLS retransmission timer covers a lost datagram.
        }
    }

    private void readLoop() {
        byte[] buf = new byte[2048];
        DatagramPacket packet = new DatagramPacket(buf, buf.length);
        while (!socket.isClosed()) {
            try {
                packet.setData(buf);
                socket.receive(packet);
            } catch (IOException e) {
                return; // closed
            }
            peer.compareAndSet(null, packet.getSocketAddress());
            if (packet.getLength() > 0 && DtlsAssociation.isDtlsRecord(buf[0])) {
                association.get().receive(buf, 0, packet.getLength());
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        if (reader.isAlive()) {
            reader.join(5_000);
        }
    }

    static int freeUdpPort() throws SocketException {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return probe.getLocalPort();
        }
    }
}
