package dev.parley.server.it;

import dev.parley.media.dtls.DtlsAssociation;
import dev.parley.media.dtls.DtlsCertificate;
import dev.parley.media.dtls.DtlsFingerprint;
import dev.parley.media.dtls.DtlsRole;
import dev.parley.media.dtls.DtlsSrtpResult;
import dev.parley.media.srtp.SrtpException;
import dev.parley.media.srtp.SrtpKeys;
import dev.parley.media.srtp.SrtpProfile;
import dev.parley.media.srtp.SrtpReceiver;
import dev.parley.media.srtp.SrtpSender;
import dev.parley.media.stun.IceConnectionState;
import dev.parley.media.stun.IceControllingAgent;
import dev.parley.media.stun.IceCredentials;
import dev.parley.media.stun.IceTimers;
import dev.parley.media.stun.IceTransmission;
import dev.parley.media.transport.PacketKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A headless WebRTC peer made of Parley's own media packages, on one loopback UDP socket: the controlling
 * ICE agent a browser would run, a DTLS association, SRTP. One thread owns the socket's receive side, the
 * ICE agent and the SRTP receiver; sends may come from any thread.
 */
final class HeadlessPeer implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(10);

    final IceCredentials localIce;
    final DtlsCertificate certificate;
    private final DatagramSocket socket;
    private final Executor dtlsExecutor;
    private final Thread loop;
    private final LinkedBlockingQueue<byte[]> rtp = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<byte[]> rtcp = new LinkedBlockingQueue<>();
    private final CompletableFuture<IceConnectionState> iceDone = new CompletableFuture<>();
    private volatile IceControllingAgent ice;        // loop thread, once set
    private volatile boolean iceRunning;
    private volatile InetSocketAddress remote;
    private volatile DtlsAssociation dtls;
    private volatile SrtpSender srtpOut;              // guarded by itself
    private volatile SrtpReceiver srtpIn;             // loop thread
    private volatile boolean closed;
    private volatile int srtpFailures;
    private IceTimers timers = IceTimers.DEFAULT;
    private volatile Loss loss;

    /** A simulated network loss: the {@code skip}+1-th RTP packet of {@code ssrc} from now is dropped. */
    private static final class Loss {
        final long ssrc;
        int skip;
        final CompletableFuture<Integer> droppedSeq = new CompletableFuture<>();

        Loss(long ssrc, int skip) {
            this.ssrc = ssrc;
            this.skip = skip;
        }
    }

    HeadlessPeer(String name, DtlsCertificate certificate, Executor dtlsExecutor) {
        this.certificate = certificate;
        this.dtlsExecutor = dtlsExecutor;
        this.localIce = new IceCredentials("hp" + Long.toHexString(System.nanoTime() & 0xFFFFFF),
                "headlessPeerPassword" + Long.toHexString(System.nanoTime()));
        try {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            socket.setSoTimeout(10);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        loop = new Thread(this::run, "headless-peer-" + name);
        loop.setDaemon(true);
        loop.start();
    }

    InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** Timers for the next {@link #connectIce}: e.g. frequent consent checks. */
    void useTimers(IceTimers iceTimers) {
        this.timers = iceTimers;
    }

    /** Runs ICE against a lite peer: checks with USE-CANDIDATE until the pair is selected. */
    void connectIce(IceCredentials remoteIce, InetSocketAddress remoteAddress) throws Exception {
        remote = remoteAddress;
        IceControllingAgent agent = new IceControllingAgent(localIce, remoteIce, Clock.systemUTC(),
                new SecureRandom(), timers, state -> {
            if (state != IceConnectionState.CHECKING) {
                iceDone.complete(state);
            }
        });
        agent.addRemoteCandidate(remoteAddress);
        ice = agent;
        iceRunning = true;
        IceConnectionState state = iceDone.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        if (state != IceConnectionState.CONNECTED) {
            throw new IllegalStateException("ICE ended in " + state);
        }
    }

    /** Stops ICE: no more consent checks go out (the remote's consent will expire). */
    void stopIce() {
        iceRunning = false;
    }

    /** Starts DTLS on the selected pair; completes with SRTP ready in both directions. */
    CompletableFuture<DtlsSrtpResult> startDtls(DtlsRole role, DtlsFingerprint remoteFingerprint) {
        DtlsAssociation a = new DtlsAssociation(role, certificate, remoteFingerprint, this::send, dtlsExecutor);
        dtls = a;
        return a.start().thenApply(result -> {
            SrtpKeys keys = SrtpKeys.fromExporter(SrtpProfile.fromId(result.profileId()).orElseThrow(),
                    result.keyingMaterial(), result.isClient());
            srtpIn = keys.newReceiver();
            srtpOut = keys.newSender();
            return result;
        });
    }

    DtlsAssociation dtls() {
        return dtls;
    }

    /** Protects and sends an RTP packet (given without SRTP room: it is copied). */
    void sendRtp(byte[] packet) {
        byte[] buf = Arrays.copyOf(packet, packet.length + 64);
        int n;
        synchronized (this) {
            n = srtpOut.protectRtp(buf, 0, packet.length);
        }
        send(buf, 0, n);
    }

    void sendRtcp(byte[] packet) {
        byte[] buf = Arrays.copyOf(packet, packet.length + 64);
        int n;
        synchronized (this) {
            n = srtpOut.protectRtcp(buf, 0, packet.length);
        }
        send(buf, 0, n);
    }

    /** Sends raw bytes to the remote (junk, or protocol bytes built by the test). */
    void send(byte[] buf, int off, int len) {
        send(buf, off, len, remote);
    }

    void send(byte[] buf, int off, int len, InetSocketAddress to) {
        try {
            socket.send(new DatagramPacket(buf, off, len, to));
        } catch (IOException e) {
            if (!closed) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The next decrypted RTP packet, waiting up to {@code within}. */
    byte[] awaitRtp(Duration within) throws Exception {
        return await(rtp, within, "RTP");
    }

    byte[] awaitRtcp(Duration within) throws Exception {
        return await(rtcp, within, "RTCP");
    }

    /** Whatever RTP arrived so far, without waiting. */
    byte[] pollRtp() {
        return rtp.poll();
    }

    /** The next RTCP compound that arrived, without waiting; null when none is queued. */
    byte[] pollRtcp() {
        return rtcp.poll();
    }

    /**
     * Drops one incoming RTP packet of {@code ssrc} before SRTP sees it, as a lossy network would: the
     * {@code skip}+1-th from now. Completes with its sequence number (SRTP leaves the header in clear).
     */
    CompletableFuture<Integer> loseRtp(long ssrc, int skip) {
        Loss l = new Loss(ssrc, skip);
        loss = l;
        return l.droppedSeq;
    }

    int srtpFailures() {
        return srtpFailures;
    }

    private static byte[] await(LinkedBlockingQueue<byte[]> queue, Duration within, String what) throws Exception {
        byte[] p = queue.poll(within.toMillis(), TimeUnit.MILLISECONDS);
        if (p == null) {
            throw new TimeoutException("no " + what + " within " + within);
        }
        return p;
    }

    private void run() {
        byte[] buf = new byte[2048];
        DatagramPacket packet = new DatagramPacket(buf, buf.length);
        while (!closed) {
            try {
                packet.setLength(buf.length);
                socket.receive(packet);
                onDatagram(buf, packet.getLength(), (InetSocketAddress) packet.getSocketAddress());
            } catch (SocketTimeoutException e) {
                // time to poll ICE
            } catch (IOException e) {
                if (!closed) {
                    iceDone.completeExceptionally(e);
                }
                return;
            }
            IceControllingAgent agent = ice;
            if (agent != null && iceRunning) {
                for (IceTransmission t : agent.poll()) {
                    send(t.datagram(), 0, t.datagram().length, t.destination());
                }
            }
        }
    }

    private void onDatagram(byte[] buf, int len, InetSocketAddress from) {
        if (len == 0) {
            return;
        }
        switch (PacketKind.of(buf[0])) {
            case STUN -> {
                IceControllingAgent agent = ice;
                if (agent != null) {
                    agent.handle(buf, 0, len, from);
                }
            }
            case DTLS -> {
                DtlsAssociation a = dtls;
                if (a != null) {
                    a.receive(buf, 0, len);
                }
            }
            case RTP_OR_RTCP -> onSrtp(buf, len);
            default -> { }
        }
    }

    private void onSrtp(byte[] buf, int len) {
        SrtpReceiver in = srtpIn;
        if (in == null || len < 2) {
            return;
        }
        int pt = buf[1] & 0xFF;
        Loss l = loss;
        if (l != null && (pt < 192 || pt > 223) && len >= 12
                && (((buf[8] & 0xFFL) << 24) | ((buf[9] & 0xFF) << 16) | ((buf[10] & 0xFF) << 8) | (buf[11] & 0xFF))
                == l.ssrc && l.skip-- == 0) {
            loss = null;
            l.droppedSeq.complete(((buf[2] & 0xFF) << 8) | (buf[3] & 0xFF));
            return;
        }
        try {
            if (pt >= 192 && pt <= 223) { // RFC 5761 §4
                int n = in.unprotectRtcp(buf, 0, len);
                rtcp.add(Arrays.copyOf(buf, n));
            } else {
                int n = in.unprotectRtp(buf, 0, len);
                rtp.add(Arrays.copyOf(buf, n));
            }
        } catch (SrtpException e) {
            srtpFailures++;
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        DtlsAssociation a = dtls;
        if (a != null) {
            a.close();
        }
        socket.close();
        loop.join(2000);
    }
}
