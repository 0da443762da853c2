package dev.parley.media.transport;

import dev.parley.media.dtls.DtlsAssociation;
import dev.parley.media.dtls.DtlsCertificate;
import dev.parley.media.dtls.DtlsFingerprint;
import dev.parley.media.dtls.DtlsRole;
import dev.parley.media.srtp.SrtpException;
import dev.parley.media.srtp.SrtpKeys;
import dev.parley.media.srtp.SrtpProfile;
import dev.parley.media.srtp.SrtpReceiver;
import dev.parley.media.srtp.SrtpSender;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The browser's side of a transport in miniature, on a loopback socket whose ICE check the test has
 * already made: a DTLS client (RFC 5763 §5, {@code a=setup:active}) and SRTP. A reader thread feeds the
 * association and decrypts what the transport sends; sends come from the test thread.
 */
final class DtlsClientPeer implements AutoCloseable {
    private final DatagramSocket socket;
    private final InetSocketAddress server;
    private final Thread reader;
    private final LinkedBlockingQueue<byte[]> rtp = new LinkedBlockingQueue<>();
    private volatile DtlsAssociation dtls;
    private volatile SrtpSender srtpOut;
    private volatile SrtpReceiver srtpIn;

    DtlsClientPeer(DatagramSocket socket, InetSocketAddress server) {
        this.socket = socket;
        this.server = server;
        this.reader = new Thread(this::read, "dtls-client-peer");
        reader.setDaemon(true);
    }

    /** Starts the handshake; completes when SRTP is ready on this side. */
    CompletableFuture<Void> connect(DtlsCertificate own, DtlsFingerprint serverFingerprint, Executor executor) {
        dtls = new DtlsAssociation(DtlsRole.CLIENT, own, serverFingerprint, this::send, executor);
        reader.start();
        return dtls.start().thenAccept(result -> {
            SrtpKeys keys = SrtpKeys.fromExporter(SrtpProfile.fromId(result.profileId()).orElseThrow(),
                    result.keyingMaterial(), result.isClient());
            srtpIn = keys.newReceiver();
            srtpOut = keys.newSender();
        });
    }

    DtlsAssociation dtls() {
        return dtls;
    }

    /** Protects {@code packet} as SRTP (test thread only) and sends it. */
    byte[] protectRtp(byte[] packet) {
        byte[] buf = Arrays.copyOf(packet, packet.length + UdpPortMux.HEADROOM);
        return Arrays.copyOf(buf, srtpOut.protectRtp(buf, 0, packet.length));
    }

    byte[] protectRtcp(byte[] packet) {
        byte[] buf = Arrays.copyOf(packet, packet.length + UdpPortMux.HEADROOM);
        return Arrays.copyOf(buf, srtpOut.protectRtcp(buf, 0, packet.length));
    }

    void send(byte[] buf) {
        send(buf, 0, buf.length);
    }

    private void send(byte[] buf, int off, int len) {
        try {
            socket.send(new DatagramPacket(buf, off, len, server));
        } catch (IOException e) {
            if (!socket.isClosed()) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The next RTP packet from the transport, decrypted; null after {@link Loopback#WAIT}. */
    byte[] awaitRtp() throws InterruptedException {
        return rtp.poll(Loopback.WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private void read() {
        byte[] buf = new byte[2048];
        DatagramPacket packet = new DatagramPacket(buf, buf.length);
        while (!socket.isClosed()) {
            try {
                packet.setLength(buf.length);
                socket.receive(packet);
            } catch (IOException e) {
                continue; // a receive timeout, or closed (the loop ends)
            }
            int len = packet.getLength();
            if (len == 0) {
                continue;
            }
            PacketKind kind = PacketKind.of(buf[0]);
            if (kind == PacketKind.DTLS) {
                dtls.receive(buf, 0, len);
            } else if (kind == PacketKind.RTP_OR_RTCP && srtpIn != null && (buf[1] & 0xFF) < 192) {
                try {
                    byte[] copy = Arrays.copyOf(buf, len);
                    rtp.add(Arrays.copyOf(copy, srtpIn.unprotectRtp(copy, 0, len)));
                } catch (SrtpException e) {
                    // not ours to judge here: the test sees nothing arrive
                }
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        DtlsAssociation a = dtls;
        if (a != null) {
            a.close();
        }
        socket.close();
        if (reader.isAlive()) {
            reader.join(Loopback.WAIT.toMillis());
        }
    }
}
