package dev.parley.media.transport;

import dev.parley.media.dtls.DtlsAssociation;
import dev.parley.media.dtls.DtlsCertificate;
import dev.parley.media.dtls.DtlsConfig;
import dev.parley.media.dtls.DtlsFingerprint;
import dev.parley.media.dtls.DtlsRole;
import dev.parley.media.dtls.DtlsSrtpResult;
import dev.parley.media.srtp.SrtpException;
import dev.parley.media.srtp.SrtpKeys;
import dev.parley.media.srtp.SrtpProfile;
import dev.parley.media.srtp.SrtpReceiver;
import dev.parley.media.srtp.SrtpSender;
import dev.parley.media.stun.IceCheckResult;
import dev.parley.media.stun.IceCredentials;
import dev.parley.media.stun.IceLiteAgent;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebRTC transport on the shared port: ICE-lite (RFC 8445 §2.5) + DTLS-SRTP (RFC 5764) + SRTP on one
 * 5-tuple, with RTP and RTCP multiplexed (RFC 5761). The server side of a browser's RTCPeerConnection.
 *
 * <p>Threading: everything runs on the mux's event loop, except the DTLS handshake, which runs on the
 * handshake executor and posts its result back to the loop. {@link #sendRtcp} must be called on the mux's
 * loop. A transport that forwards media is given a sending loop by the mux ({@link UdpPortMux#assignLoop}):
 * its RTP is protected and sent there, with an SRTP RTP context that only that loop touches (RTCP, with its
 * own context, stays on the mux's loop); {@link #sendRtp} may be called on the mux's loop or on that one,
 * and {@link #isConnected} on any thread.
 */
public final class WebRtcTransport implements MuxedTransport, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebRtcTransport.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ICE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    /** DTLS datagrams that arrive before the peer's fingerprint is known (e.g. before the SDP answer). */
    private static final int EARLY_DTLS_LIMIT = 8;
    /** ICE-TCP connections one transport may hold (a browser opens one per local candidate it pairs with). */
    static final int MAX_STREAM_PATHS = 8;

    /** What the transport reports; called on the mux's loop. */
    public interface Listener {
        /** DTLS finished; SRTP is ready in both directions. */
        void onConnected(WebRtcTransport transport);

        /** A decrypted RTP packet. The buffer is reused after return; it has room for in-place growth. */
        void onRtp(WebRtcTransport transport, byte[] buf, int off, int len);

        /** A decrypted RTCP compound packet. The buffer is reused after return. */
        void onRtcp(WebRtcTransport transport, byte[] buf, int off, int len);

        /** The transport ended on its own (ICE consent lost, DTLS failed or closed by the peer). */
        void onClosed(WebRtcTransport transport, String reason);
    }

    private final UdpPortMux mux;
    private final DtlsCertificate certificate;
    private final Executor dtlsExecutor;
    private final DtlsConfig dtlsConfig;
    private IceLiteAgent ice;
    private final String label;
    private final Listener listener;
    private final int replayWindow;
    private final Duration consentTimeout;
    private final ArrayDeque<byte[]> earlyDtls = new ArrayDeque<>();

    private DtlsAssociation dtls;
    private SrtpSender srtpOut;
    /** {@code srtpOut}'s RTP half, as the sending loop calls it. */
    private PacketProtector rtpProtector;
    /** The mux loop this transport's RTP leaves from (0: the mux's own loop). */
    private final int sendLoop;
    private final boolean forwardsMedia;
    private SrtpReceiver srtpIn;
    private InetSocketAddress selected;
    /** Where {@link #selected} is reached: the UDP port, or an ICE-TCP connection. */
    private MediaPath selectedPath;
    /** The paths on which a valid ICE check arrived, by remote address (RFC 8445 §7.3.1.4 valid pairs). */
    private final Map<InetSocketAddress, MediaPath> paths = new HashMap<>();
    private final Set<StreamPath> streams = new LinkedHashSet<>();
    private boolean closed;
    /**
     * Where forwarded RTP goes now, or null while it cannot go (before DTLS, without a selected path, closed):
     * the transport's sending loop reads it, the mux's loop writes it on every change.
     */
    private volatile RtpTarget rtpTarget;

    /** The RTP half of the SRTP context and the selected path, as the sending loop uses them together. */
    private record RtpTarget(PacketProtector protector, MediaPath path) {
    }

    private final LongAdder srtpFailures = new LongAdder();

    public WebRtcTransport(UdpPortMux mux, DtlsCertificate certificate, Executor dtlsExecutor, DtlsConfig dtlsConfig,
                           Clock clock, Duration consentTimeout, int replayWindow, String label, Listener listener) {
        this(mux, certificate, dtlsExecutor, dtlsConfig, clock, consentTimeout, replayWindow, label, listener, false);
    }

    /**
     * @param forwardsMedia whether this transport sends forwarded RTP (a downlink): it is then given one of
     *     the mux's loops to send from, spreading the fan-out's SRTP and system calls over the cores
     */
    public WebRtcTransport(UdpPortMux mux, DtlsCertificate certificate, Executor dtlsExecutor, DtlsConfig dtlsConfig,
                           Clock clock, Duration consentTimeout, int replayWindow, String label, Listener listener,
                           boolean forwardsMedia) {
        this.mux = mux;
        this.forwardsMedia = forwardsMedia;
        this.sendLoop = forwardsMedia ? mux.assignLoop() : 0;
        this.certificate = certificate;
        this.dtlsExecutor = dtlsExecutor;
        this.dtlsConfig = dtlsConfig;
        this.label = label;
        this.listener = listener;
        this.replayWindow = replayWindow;
        this.consentTimeout = consentTimeout;
        this.ice = new IceLiteAgent(new IceCredentials(randomIceString(8), randomIceString(24)), Optional.empty(),
                clock, consentTimeout);
        mux.register(ice.localCredentials().ufrag(), this);
    }

    /** RFC 8445 §5.3: ufrag at least 4 and password at least 22 ice-chars, 24 bits and 128 bits of randomness. */
    private static String randomIceString(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(ICE_CHARS.charAt(RANDOM.nextInt(ICE_CHARS.length())));
        }
        return sb.toString();
    }

    public IceCredentials localIce() {
        return ice.localCredentials();
    }

    /**
     * ICE restart (RFC 8445 §9): new local credentials for the peer's new checks, routed by the new ufrag.
     * DTLS and SRTP are kept: the fingerprints do not change, so no new handshake is needed (§9, RFC 8842
     * §5.4), and media keeps flowing to the selected address until the peer nominates another. Loop thread.
     */
    public IceCredentials restartIce() {
        IceCredentials fresh = new IceCredentials(randomIceString(8), randomIceString(24));
        if (!closed) {
            mux.reregister(ice.localCredentials().ufrag(), fresh.ufrag(), this);
        }
        ice = ice.restarted(fresh);
        log.info("{}: ICE restarted", label);
        return fresh;
    }

    public DtlsFingerprint localFingerprint() {
        return certificate.fingerprint();
    }

    public String label() {
        return label;
    }

    /**
     * The peer's DTLS fingerprint and our DTLS role, from the SDP exchange: starts DTLS. Datagrams that
     * arrived before are replayed. Called once.
     */
    public void startDtls(DtlsFingerprint remoteFingerprint, DtlsRole localRole) {
        if (dtls != null || closed) {
            return;
        }
        dtls = new DtlsAssociation(localRole, certificate, remoteFingerprint, this::sendFromDtlsThread,
                dtlsExecutor, dtlsConfig);
        dtls.start().whenComplete((result, error) -> mux.eventLoop().execute(() -> onHandshake(result, error)));
        dtls.closed().thenAccept(cause -> mux.eventLoop().execute(() -> {
            if (!closed && srtpOut != null) {
                end("DTLS closed: " + cause);
            }
        }));
        while (!earlyDtls.isEmpty()) {
            byte[] d = earlyDtls.poll();
            dtls.receive(d, 0, d.length);
        }
    }

    /** Whether DTLS finished and the transport is open. Any thread. */
    public boolean isConnected() {
        return connected;
    }

    private volatile boolean connected;

    /** After any change of the SRTP context, the selected path or {@code closed}. Mux loop. */
    private void publishRtpTarget() {
        connected = srtpOut != null && !closed;
        rtpTarget = connected && selectedPath != null ? new RtpTarget(rtpProtector, selectedPath) : null;
    }

    public Optional<InetSocketAddress> remoteAddress() {
        return Optional.ofNullable(selected);
    }

    /** The selected path's protocol, "udp" or "tcp"; empty before ICE selected one. */
    public Optional<String> selectedProtocol() {
        return Optional.ofNullable(selectedPath).map(MediaPath::protocol);
    }

    @Override
    public void onDatagram(PacketKind kind, byte[] buf, int off, int len, InetSocketAddress from) {
        receive(kind, buf, off, len, from, null);
    }

    @Override
    public void onStreamPacket(PacketKind kind, byte[] buf, int off, int len, StreamPath path) {
        if (closed) {
            path.close();
            return;
        }
        receive(kind, buf, off, len, path.remote(), path);
    }

    @Override
    public void onStreamClosed(StreamPath path) {
        streams.remove(path);
        paths.values().remove(path);
        if (selectedPath == path) {
            // Nothing goes out until the peer's ICE agent nominates another pair (or consent expires).
            selectedPath = null;
            publishRtpTarget();
            log.info("{}: the selected ICE-TCP connection {} closed", label, path.remote());
        }
    }

    /** @param stream the ICE-TCP connection it came on; null for the shared UDP port */
    private void receive(PacketKind kind, byte[] buf, int off, int len, InetSocketAddress from, StreamPath stream) {
        if (closed) {
            return;
        }
        switch (kind) {
            case STUN -> onStun(buf, off, len, from, stream);
            case DTLS -> onDtls(buf, off, len);
            case RTP_OR_RTCP -> onSrtp(buf, off, len);
            default -> { }
        }
    }

    private void onStun(byte[] buf, int off, int len, InetSocketAddress from, StreamPath stream) {
        IceCheckResult r = ice.handle(buf, off, len, from);
        MediaPath path = stream != null ? stream : mux.pathTo(from);
        r.response().ifPresent(bytes -> path.send(bytes, 0, bytes.length));
        if (r.verdict() == IceCheckResult.Verdict.SUCCESS && !paths.containsKey(from)) {
            if (stream == null) {
                mux.bindAddress(from, this);
            } else if (streams.size() >= MAX_STREAM_PATHS) {
                log.info("{}: refused a {}th ICE-TCP connection from {}", label, streams.size() + 1, from);
                stream.close();
            } else {
                stream.claim(this);
                streams.add(stream);
            }
            // A remote address is either a UDP or a TCP peer: the two would need the same IP and port number.
            paths.put(from, path);
        }
        if (r.selectionChanged()) {
            InetSocketAddress previous = selected;
            selected = ice.selectedAddress().orElse(null);
            selectedPath = selected == null ? null : paths.get(selected);
            publishRtpTarget();
            log.info("{}: ICE selected {} {}{}", label, selectedPath == null ? "?" : selectedPath.protocol(),
                    selected, previous == null ? "" : " (was " + previous + ")");
        }
    }

    private void onDtls(byte[] buf, int off, int len) {
        if (dtls != null) {
            dtls.receive(buf, off, len);
        } else if (earlyDtls.size() < EARLY_DTLS_LIMIT) {
            byte[] copy = new byte[len];
            System.arraycopy(buf, off, copy, 0, len);
            earlyDtls.add(copy);
        }
    }

    private void onSrtp(byte[] buf, int off, int len) {
        if (srtpIn == null || len < 2) {
            return;
        }
        int pt = buf[off + 1] & 0xFF;
        try {
            // RFC 5761 §4: with rtcp-mux, packet types 192-223 are RTCP.
            if (pt >= 192 && pt <= 223) {
                int n = srtpIn.unprotectRtcp(buf, off, len);
                listener.onRtcp(this, buf, off, n);
            } else {
                int n = srtpIn.unprotectRtp(buf, off, len);
                listener.onRtp(this, buf, off, n);
            }
        } catch (SrtpException e) {
            srtpFailures.increment();
            if (log.isTraceEnabled()) {
                log.trace("{}: SRTP packet dropped: {}", label, e.getMessage());
            }
        }
    }

    private void onHandshake(DtlsSrtpResult result, Throwable error) {
        if (closed) {
            return;
        }
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            end("DTLS handshake failed: " + cause.getMessage());
            return;
        }
        Optional<SrtpProfile> profile = SrtpProfile.fromId(result.profileId());
        if (profile.isEmpty()) {
            end("DTLS negotiated an unsupported SRTP profile " + result.profileId());
            return;
        }
        SrtpKeys keys = SrtpKeys.fromExporter(profile.get(), result.keyingMaterial(), result.isClient());
        srtpOut = keys.newSender();
        rtpProtector = srtpOut::protectRtp;
        srtpIn = keys.newReceiver(replayWindow);
        publishRtpTarget();
        log.info("{}: connected ({} as DTLS {})", label, profile.get(), result.isClient() ? "client" : "server");
        listener.onConnected(this);
    }

    /** DTLS sends from its handshake thread: copy and hop onto the loop, which owns the socket and address. */
    private void sendFromDtlsThread(byte[] buf, int off, int len) {
        byte[] copy = new byte[len];
        System.arraycopy(buf, off, copy, 0, len);
        mux.eventLoop().execute(() -> {
            if (selectedPath != null && !closed) {
                selectedPath.send(copy, 0, copy.length);
            }
        });
    }

    /**
     * Protects and sends an RTP packet. {@code buf} must have {@link UdpPortMux#HEADROOM} spare bytes after
     * the packet for the SRTP tag; it is modified in place. Dropped silently before the transport connects.
     */
    public void sendRtp(byte[] buf, int off, int len) {
        RtpTarget t = rtpTarget;
        if (t == null) {
            return;
        }
        mux.sendFromLoop(sendLoop, t.protector(), t.path(), buf, off, len);
    }

    /** The mux loop this transport's RTP is protected and sent on (0: the mux's own loop). */
    public int sendLoop() {
        return sendLoop;
    }

    /** Protects and sends an RTCP compound packet, like {@link #sendRtp}. */
    public void sendRtcp(byte[] buf, int off, int len) {
        if (srtpOut == null || selectedPath == null || closed) {
            return;
        }
        int n = srtpOut.protectRtcp(buf, off, len);
        selectedPath.send(buf, off, n);
    }

    @Override
    public void onTick() {
        if (!closed && ice.pollConsentExpiry()) {
            end("ICE consent expired (no valid check for " + consentTimeout.toSeconds() + " s)");
        }
    }

    /** SRTP/SRTCP packets that failed authentication or replay checks. */
    public long srtpFailures() {
        return srtpFailures.sum();
    }

    private void end(String reason) {
        if (closed) {
            return;
        }
        log.info("{}: transport ended: {}", label, reason);
        release();
        listener.onClosed(this, reason);
    }

    private void release() {
        closed = true;
        mux.unregister(this);
        if (forwardsMedia) {
            mux.releaseLoop(sendLoop);
        }
        if (dtls != null) {
            dtls.close();
        }
        earlyDtls.clear();
        for (StreamPath s : new ArrayList<>(streams)) {
            s.close();
        }
        streams.clear();
        paths.clear();
        selectedPath = null;
        publishRtpTarget();
    }

    /** Closes the transport without calling {@link Listener#onClosed}. Loop thread; idempotent. */
    @Override
    public void close() {
        if (!closed) {
            release();
        }
    }
}
