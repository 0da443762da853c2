package dev.parley.client.media;

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
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One WebRTC media connection made of Parley's own protocol packages, on one UDP socket: the controlling
 * ICE agent a browser runs against an ICE-lite server (RFC 8445 §2.5), a DTLS association (RFC 5764),
 * SRTP both ways.
 *
 * <p>Threads: one receive thread per peer (or a shared one, {@link #RECEIVE_THREADS_PROPERTY}) owns the SRTP
 * receiver and calls the {@link MediaReceiver};
 * the ICE agent is polled by a shared timer thread and fed by the receive thread, under the agent's lock
 * (STUN is rare next to media); sends may come from any thread.
 */
public class MediaPeer implements AutoCloseable {
    /**
     * System property: when set to n > 0, peers share n receive threads ({@link ReceiveLoop}) instead of
     * one each; for processes with hundreds of peers.
     */
    public static final String RECEIVE_THREADS_PROPERTY = "parley.client.receiveThreads";
    /** How long {@link #connect} waits for ICE, and then for DTLS. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final int SRTP_ROOM = 64; // the largest SRTP/SRTCP trailer of the profiles we offer
    private static final ScheduledExecutorService ICE_TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "parley-client-ice-timer");
        t.setDaemon(true);
        return t;
    });

    private final DtlsCertificate certificate;
    private final IceCredentials localIce;
    private final DatagramChannel channel;
    private final Executor dtlsExecutor;
    private final Thread loop; // null when a shared ReceiveLoop receives for this peer
    private final Object iceLock = new Object();
    private final CompletableFuture<IceConnectionState> iceDone = new CompletableFuture<>();
    private final IceCheckResponder checkResponder;   // guarded by iceLock
    private IceControllingAgent ice;                   // guarded by iceLock
    private ScheduledFuture<?> icePoller;              // guarded by iceLock
    private IceTimers timers = IceTimers.DEFAULT;      // guarded by iceLock
    private volatile InetSocketAddress remote;
    private volatile DtlsAssociation dtls;
    private volatile SrtpSender srtpOut;               // guarded by itself
    private volatile SrtpReceiver srtpIn;              // receive thread once set
    private volatile MediaReceiver receiver = MediaReceiver.NONE;
    private volatile int decryptEvery = 1;
    private volatile boolean closed;
    private volatile int srtpFailures;
    private long rtpSeen;                              // receive thread

    /**
     * A peer on a fresh loopback socket.
     *
     * @param name names the receive thread
     * @param certificate our DTLS certificate: its fingerprint goes into our SDP
     * @param dtlsExecutor runs the blocking DTLS handshake (e.g. {@code DtlsHandshakeExecutor.create(4)})
     */
    public MediaPeer(String name, DtlsCertificate certificate, Executor dtlsExecutor) {
        this(name, certificate, dtlsExecutor, InetAddress.getLoopbackAddress());
    }

    /** A peer whose socket is bound to {@code bindAddress} (any port). */
    public MediaPeer(String name, DtlsCertificate certificate, Executor dtlsExecutor, InetAddress bindAddress) {
        this.certificate = certificate;
        this.dtlsExecutor = dtlsExecutor;
        SecureRandom random = new SecureRandom();
        // RFC 8839 §5.4: ufrag ≥ 4 and pwd ≥ 22 ice-chars
        this.localIce = new IceCredentials("pc" + HexFormat.of().toHexDigits(random.nextInt()),
                "parleyClient" + HexFormat.of().toHexDigits(random.nextLong()));
        this.checkResponder = new IceCheckResponder(localIce);
        try {
            channel = DatagramChannel.open();
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
            channel.bind(new InetSocketAddress(bindAddress, 0));
            int shared = Integer.getInteger(RECEIVE_THREADS_PROPERTY, 0);
            if (shared > 0) {
                channel.configureBlocking(false);
                loop = null;
                ReceiveLoop.next(shared).register(this);
            } else {
                loop = new Thread(this::receiveLoop, "parley-client-media-" + name);
                loop.setDaemon(true);
                loop.start();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a UDP socket on " + bindAddress, e);
        }
    }

    public DtlsCertificate certificate() {
        return certificate;
    }

    /** Our ICE ufrag and password, for our SDP. */
    public IceCredentials localIce() {
        return localIce;
    }

    public InetSocketAddress localAddress() {
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Who gets what this peer receives (replaces the previous receiver). */
    public void setReceiver(MediaReceiver receiver) {
        this.receiver = receiver;
    }

    /**
     * Decrypts one RTP packet in {@code n} (1: all); the others reach the receiver with their clear header
     * only. A load generator's subscribers count every packet from its header and check the payload of a
     * sample, so that the client does not spend as much CPU as the server it measures.
     */
    public void decryptEvery(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("decryptEvery must be at least 1, got " + n);
        }
        this.decryptEvery = n;
    }

    /** Timers for the next {@link #connectIce}: e.g. frequent consent checks. */
    public void useTimers(IceTimers iceTimers) {
        synchronized (iceLock) {
            this.timers = iceTimers;
        }
    }

    /**
     * Connects to the transport that {@code remoteSdp} (the server's answer or downlink offer) describes:
     * ICE to its first candidate, then DTLS in the role its {@code a=setup} leaves us (RFC 5763 §5: we are
     * the client unless the remote is {@code active}; to an {@code actpass} offer we answer {@code active}).
     * Returns once SRTP is ready on our side.
     */
    public void connect(String remoteSdp) throws IOException {
        RemoteTransport t = RemoteTransport.of(remoteSdp);
        connectIce(t.ice(), t.candidate());
        try {
            startDtls(t.ourRole(), t.fingerprint()).get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException("DTLS did not finish within " + CONNECT_TIMEOUT, e);
        } catch (ExecutionException e) {
            throw new IOException("DTLS failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting", e);
        }
    }

    /** Runs ICE against a lite peer: checks with USE-CANDIDATE until the pair is selected. */
    public void connectIce(IceCredentials remoteIce, InetSocketAddress remoteAddress) throws IOException {
        remote = remoteAddress;
        synchronized (iceLock) {
            IceControllingAgent agent = new IceControllingAgent(localIce, remoteIce, Clock.systemUTC(),
                    new SecureRandom(), timers, state -> {
                        if (state != IceConnectionState.CHECKING) {
                            iceDone.complete(state);
                        }
                    });
            agent.addRemoteCandidate(remoteAddress);
            ice = agent;
            pollIce();
            icePoller = ICE_TIMER.scheduleWithFixedDelay(this::pollIce, 10, 10, TimeUnit.MILLISECONDS);
        }
        IceConnectionState state;
        try {
            state = iceDone.get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException("ICE did not connect to " + remoteAddress + " within " + CONNECT_TIMEOUT, e);
        } catch (ExecutionException e) {
            throw new IOException("ICE failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting", e);
        }
        if (state != IceConnectionState.CONNECTED) {
            throw new IOException("ICE to " + remoteAddress + " ended in " + state);
        }
    }

    /** Stops ICE: no more consent checks go out (the remote's consent will expire, RFC 7675 §5.1). */
    public void stopIce() {
        synchronized (iceLock) {
            if (icePoller != null) {
                icePoller.cancel(false);
            }
        }
    }

    private void pollIce() {
        synchronized (iceLock) {
            if (ice == null || closed) {
                return;
            }
            for (IceTransmission t : ice.poll()) {
                send(t.datagram(), 0, t.datagram().length, t.destination());
            }
        }
    }

    /** Starts DTLS on the selected pair; completes with SRTP ready in both directions. */
    public CompletableFuture<DtlsSrtpResult> startDtls(DtlsRole role, DtlsFingerprint remoteFingerprint) {
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

    public DtlsAssociation dtls() {
        return dtls;
    }

    /** True once DTLS has produced SRTP keys. */
    public boolean isConnected() {
        return srtpOut != null && !closed;
    }

    /** Protects and sends an RTP packet (given without SRTP room: it is copied). */
    public void sendRtp(byte[] packet) {
        byte[] buf = Arrays.copyOf(packet, packet.length + SRTP_ROOM);
        sendRtp(buf, packet.length);
    }

    /**
     * Protects in place and sends an RTP packet of {@code len} bytes at the start of {@code buf}, which
     * must have at least 64 bytes of room after it for the SRTP trailer.
     */
    public void sendRtp(byte[] buf, int len) {
        SrtpSender out = requireSrtp();
        int n;
        synchronized (out) {
            n = out.protectRtp(buf, 0, len);
        }
        send(buf, 0, n);
    }

    public void sendRtcp(byte[] packet) {
        SrtpSender out = requireSrtp();
        byte[] buf = Arrays.copyOf(packet, packet.length + SRTP_ROOM);
        int n;
        synchronized (out) {
            n = out.protectRtcp(buf, 0, packet.length);
        }
        send(buf, 0, n);
    }

    private SrtpSender requireSrtp() {
        SrtpSender out = srtpOut;
        if (out == null) {
            throw new IllegalStateException("not connected: SRTP keys come from the DTLS handshake (connect first)");
        }
        return out;
    }

    /** Sends raw bytes to the remote (junk, or protocol bytes built by a test). */
    public void send(byte[] buf, int off, int len) {
        send(buf, off, len, remote);
    }

    public void send(byte[] buf, int off, int len, InetSocketAddress to) {
        try {
            channel.send(ByteBuffer.wrap(buf, off, len), to);
        } catch (IOException e) {
            if (!closed) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** RTP and RTCP packets that failed SRTP authentication so far. */
    public int srtpFailures() {
        return srtpFailures;
    }

    /**
     * Called on the receive thread for every SRTP datagram before it is decrypted; true drops it, as a
     * lossy network would. For tests; the default keeps everything.
     */
    protected boolean dropBeforeSrtp(byte[] buf, int len) {
        return false;
    }

    private void receiveLoop() {
        byte[] buf = new byte[2048];
        ByteBuffer bb = ByteBuffer.wrap(buf);
        while (!closed) {
            InetSocketAddress from;
            try {
                bb.clear();
                from = (InetSocketAddress) channel.receive(bb);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!closed) {
                    iceDone.completeExceptionally(e);
                }
                return;
            }
            if (from != null && bb.position() > 0) {
                onDatagram(buf, bb.position(), from);
            }
        }
    }

    DatagramChannel channel() {
        return channel;
    }

    /** One received datagram, on the receive thread (ours or the shared loop's). */
    void onDatagram(byte[] buf, int len, InetSocketAddress from) {
        switch (PacketKind.of(buf[0])) {
            case STUN -> {
                synchronized (iceLock) {
                    if (ice != null && !ice.handle(buf, 0, len, from)) {
                        checkResponder.respond(buf, 0, len, from)
                                .ifPresent(r -> send(r, 0, r.length, from));
                    }
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
        if (in == null || len < 12 || dropBeforeSrtp(buf, len)) {
            return;
        }
        int pt = buf[1] & 0x7F;
        try {
            if (pt >= 64 && pt <= 95) { // RFC 5761 §4: RTCP packet types 192–223
                int n = in.unprotectRtcp(buf, 0, len);
                receiver.onRtcp(buf, n);
            } else if (rtpSeen++ % decryptEvery == 0) {
                int n = in.unprotectRtp(buf, 0, len);
                receiver.onRtp(buf, n, true);
            } else {
                receiver.onRtp(buf, len, false);
            }
        } catch (SrtpException e) {
            srtpFailures++;
        }
    }

    @Override
    public void close() {
        closed = true;
        stopIce();
        DtlsAssociation a = dtls;
        if (a != null) {
            a.close();
        }
        try {
            channel.close();
            if (loop != null) {
                loop.join(2000);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
