package dev.parley.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.media.dtls.DtlsCertificate;
import dev.parley.media.dtls.DtlsConfig;
import dev.parley.media.dtls.DtlsHandshakeExecutor;
import dev.parley.media.dtls.DtlsRole;
import dev.parley.media.stun.IceTimers;
import dev.parley.media.stun.StunMessage;
import dev.parley.media.transport.UdpPortMux;
import dev.parley.media.transport.WebRtcTransport;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real {@link WebRtcTransport} on a real {@link UdpPortMux} over loopback UDP, driven by a headless
 * peer built from Parley's own media packages (controlling ICE, DTLS client, SRTP): the whole
 * ICE-lite → DTLS-SRTP → SRTP path a browser takes, without a browser.
 */
class TransportLoopIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final DtlsCertificate SERVER_CERT = DtlsCertificate.generate();
    private static final DtlsCertificate CLIENT_CERT = DtlsCertificate.generate();
    private static final IceTimers FAST_CONSENT = new IceTimers(Duration.ofMillis(200), 7, 16,
            Duration.ofMillis(500), Duration.ofSeconds(30));

    private static EventLoopGroup group;
    private static ExecutorService dtlsExecutor;
    private UdpPortMux mux;
    private HeadlessPeer peer;
    private final Recorder events = new Recorder();

    /** What the transport reported, on the mux's loop. */
    static final class Recorder implements WebRtcTransport.Listener {
        final CompletableFuture<Void> connected = new CompletableFuture<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();
        final LinkedBlockingQueue<byte[]> rtp = new LinkedBlockingQueue<>();
        final LinkedBlockingQueue<byte[]> rtcp = new LinkedBlockingQueue<>();

        @Override
        public void onConnected(WebRtcTransport transport) {
            connected.complete(null);
        }

        @Override
        public void onRtp(WebRtcTransport transport, byte[] buf, int off, int len) {
            rtp.add(Arrays.copyOfRange(buf, off, off + len));
        }

        @Override
        public void onRtcp(WebRtcTransport transport, byte[] buf, int off, int len) {
            rtcp.add(Arrays.copyOfRange(buf, off, off + len));
        }

        @Override
        public void onClosed(WebRtcTransport transport, String reason) {
            closed.complete(reason);
        }
    }

    @BeforeAll
    static void startLoop() {
        // As the server does: native epoll where available.
        DefaultThreadFactory threads = new DefaultThreadFactory("transport-loop-it", true);
        group = Epoll.isAvailable() ? new EpollEventLoopGroup(1, threads) : new NioEventLoopGroup(1, threads);
        dtlsExecutor = DtlsHandshakeExecutor.create(4);
    }

    @AfterAll
    static void stopLoop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        dtlsExecutor.shutdownNow();
    }

    @BeforeEach
    void bind() throws Exception {
        mux = UdpPortMux.bind(group, new InetSocketAddress("127.0.0.1", 0),
                (buf, off, len) -> StunMessage.peekLocalUfrag(buf, off, len).orElse(null));
        peer = new HeadlessPeer("client", CLIENT_CERT, dtlsExecutor);
    }

    @AfterEach
    void unbind() throws Exception {
        peer.close();
        mux.close();
    }

    private <T> T onLoop(Callable<T> task) throws Exception {
        return mux.eventLoop().submit(task).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private void onLoop(Runnable task) throws Exception {
        mux.eventLoop().submit(task).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private WebRtcTransport transport(Duration consentTimeout) throws Exception {
        return onLoop(() -> new WebRtcTransport(mux, SERVER_CERT, dtlsExecutor, DtlsConfig.defaults(),
                Clock.systemUTC(), consentTimeout, 1024, "transport-loop-it", events));
    }

    private InetSocketAddress muxAddress() {
        return new InetSocketAddress("127.0.0.1", mux.port());
    }

    /** ICE and DTLS up, the transport as DTLS server (our passive answer), the peer as DTLS client. */
    private WebRtcTransport connected(Duration consentTimeout) throws Exception {
        WebRtcTransport t = transport(consentTimeout);
        onLoop(() -> t.startDtls(CLIENT_CERT.fingerprint(), DtlsRole.SERVER));
        peer.connectIce(t.localIce(), muxAddress());
        peer.startDtls(DtlsRole.CLIENT, SERVER_CERT.fingerprint()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        events.connected.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return t;
    }

    /** An RTP packet: V=2, the marker, payload type 96, then {@code payload}. */
    private static byte[] rtp(int seq, long timestamp, long ssrc, String payload) {
        byte[] body = payload.getBytes(StandardCharsets.UTF_8);
        byte[] p = new byte[12 + body.length];
        p[0] = (byte) 0x80;
        p[1] = (byte) (0x80 | 96);
        p[2] = (byte) (seq >> 8);
        p[3] = (byte) seq;
        for (int i = 0; i < 4; i++) {
            p[4 + i] = (byte) (timestamp >> (24 - 8 * i));
            p[8 + i] = (byte) (ssrc >> (24 - 8 * i));
        }
        System.arraycopy(body, 0, p, 12, body.length);
        return p;
    }

    /** An RTCP receiver report without report blocks (RFC 3550 §6.4.2): 8 bytes. */
    private static byte[] emptyReceiverReport(long ssrc) {
        return new byte[] {(byte) 0x80, (byte) 201, 0, 1,
            (byte) (ssrc >> 24), (byte) (ssrc >> 16), (byte) (ssrc >> 8), (byte) ssrc};
    }

    /** Sends from the transport (on its loop), with the SRTP headroom the transport needs. */
    private void sendFromTransport(WebRtcTransport t, byte[] packet, boolean isRtcp) throws Exception {
        onLoop(() -> {
            byte[] buf = Arrays.copyOf(packet, packet.length + UdpPortMux.HEADROOM);
            if (isRtcp) {
                t.sendRtcp(buf, 0, packet.length);
            } else {
                t.sendRtp(buf, 0, packet.length);
            }
        });
    }

    // --- the happy path -----------------------------------------------------------------------------

    @Test
    void iceDtlsAndSrtpConnectAndRtpFlowsBothWays() throws Exception {
        WebRtcTransport t = connected(Duration.ofSeconds(30));

        assertThat(onLoop(t::isConnected)).isTrue();
        assertThat(onLoop(t::remoteAddress)).contains(peer.localAddress());

        byte[] up = rtp(1234, 5678, 0x11223344L, "hello from the client");
        peer.sendRtp(up);
        assertThat(events.rtp.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).as("decrypted at the transport")
                .isEqualTo(up);

        byte[] down = rtp(4321, 8765, 0x55667788L, "hello from the transport");
        sendFromTransport(t, down, false);
        assertThat(peer.awaitRtp(WAIT)).as("decrypted at the client").isEqualTo(down);

        assertThat(onLoop(t::srtpFailures)).isZero();
        assertThat(peer.srtpFailures()).isZero();
    }

    @Test
    void rtcpFlowsBothWays() throws Exception {
        WebRtcTransport t = connected(Duration.ofSeconds(30));

        byte[] up = emptyReceiverReport(0xCAFEBABEL);
        peer.sendRtcp(up);
        assertThat(events.rtcp.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(up);
        assertThat(events.rtp).isEmpty();

        byte[] down = emptyReceiverReport(0x0BADF00DL);
        sendFromTransport(t, down, true);
        assertThat(peer.awaitRtcp(WAIT)).isEqualTo(down);
    }

    @Test
    void aBurstOfPacketsArrivesComplete() throws Exception {
        connected(Duration.ofSeconds(30));
        Set<Integer> sent = new HashSet<>();

        for (int seq = 65_500; seq < 65_600; seq++) { // across the sequence wrap (SRTP ROC)
            int s = seq & 0xFFFF;
            sent.add(s);
            peer.sendRtp(rtp(s, seq * 960L, 0x01020304L, "packet " + s));
        }

        Set<Integer> received = new HashSet<>();
        while (received.size() < sent.size()) {
            byte[] p = events.rtp.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(p).as("after %d of %d packets", received.size(), sent.size()).isNotNull();
            int seq = ((p[2] & 0xFF) << 8) | (p[3] & 0xFF);
            assertThat(new String(p, 12, p.length - 12, StandardCharsets.UTF_8)).isEqualTo("packet " + seq);
            received.add(seq);
        }
        assertThat(received).isEqualTo(sent);
    }

    @Test
    void aReplayedSrtpPacketIsDropped() throws Exception {
        WebRtcTransport t = connected(Duration.ofSeconds(30));
        byte[] packet = rtp(7, 7, 0x0A0B0C0DL, "once");
        peer.sendRtp(packet);
        assertThat(events.rtp.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(packet);

        peer.sendRtp(packet); // the same sequence number protected again: the same SRTP index (RFC 3711 §3.3.2)

        assertThat(events.rtp.poll(1, TimeUnit.SECONDS)).isNull();
        assertThat(onLoop(t::srtpFailures)).isEqualTo(1);
    }

    @Test
    void closingTheTransportDetachesItFromThePortWithoutReportingIt() throws Exception {
        WebRtcTransport t = connected(Duration.ofSeconds(30));
        assertThat(onLoop(mux::transportCount)).isEqualTo(1);
        long droppedBefore = mux.droppedUnknownSender();

        onLoop(t::close);
        peer.sendRtp(rtp(1, 1, 1, "after close"));

        assertThat(onLoop(mux::transportCount)).isZero();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (mux.droppedUnknownSender() == droppedBefore && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(mux.droppedUnknownSender()).isGreaterThan(droppedBefore);
        assertThat(events.rtp).isEmpty();
        assertThat(events.closed).isNotDone();
    }

    // --- failures -----------------------------------------------------------------------------------

    @Test
    void aClientCertificateThatIsNotTheSignalledOneClosesTheTransport() throws Exception {
        WebRtcTransport t = transport(Duration.ofSeconds(30));
        DtlsCertificate impostor = DtlsCertificate.generate();
        onLoop(() -> t.startDtls(impostor.fingerprint(), DtlsRole.SERVER)); // the SDP named another certificate
        peer.connectIce(t.localIce(), muxAddress());

        CompletableFuture<?> client = peer.startDtls(DtlsRole.CLIENT, SERVER_CERT.fingerprint());

        String reason = events.closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(reason).startsWith("DTLS handshake failed").containsIgnoringCase("fingerprint");
        assertThatThrownBy(() -> client.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        assertThat(events.connected).isNotDone();
        assertThat(onLoop(mux::transportCount)).isZero();
    }

    @Test
    void aServerCertificateTheClientDidNotExpectClosesTheTransport() throws Exception {
        WebRtcTransport t = transport(Duration.ofSeconds(30));
        onLoop(() -> t.startDtls(CLIENT_CERT.fingerprint(), DtlsRole.SERVER));
        peer.connectIce(t.localIce(), muxAddress());

        CompletableFuture<?> client = peer.startDtls(DtlsRole.CLIENT, DtlsCertificate.generate().fingerprint());

        assertThatThrownBy(() -> client.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        String reason = events.closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(reason).startsWith("DTLS handshake failed").contains("alert");
        assertThat(onLoop(mux::transportCount)).isZero();
    }

    @Test
    void consentChecksKeepTheTransportAliveAndTheirEndClosesIt() throws Exception {
        peer.useTimers(FAST_CONSENT);
        connected(Duration.ofSeconds(2));

        Thread.sleep(3500); // longer than the consent timeout: the peer's checks every ~500 ms renew it
        assertThat(events.closed).as("closed while consent checks were answered").isNotDone();

        peer.stopIce();
        long stoppedAt = System.nanoTime();
        String reason = events.closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        Duration after = Duration.ofNanos(System.nanoTime() - stoppedAt);

        assertThat(reason).contains("ICE consent expired");
        // 2 s timeout, checked by the mux's 1 s tick; the last check may have come up to ~0.6 s before.
        assertThat(after).isBetween(Duration.ofMillis(900), Duration.ofMillis(4500));
        assertThat(onLoop(mux::transportCount)).isZero();
    }

    @Test
    void aTransportNobodyEverCheckedExpiresToo() throws Exception {
        transport(Duration.ofSeconds(1));

        String reason = events.closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(reason).contains("ICE consent expired");
        assertThat(onLoop(mux::transportCount)).isZero();
    }

    @Test
    void withoutAnswerFingerprintTheEarlyClientHelloWaitsAndTheHandshakeStillCompletes() throws Exception {
        WebRtcTransport t = transport(Duration.ofSeconds(30));
        peer.connectIce(t.localIce(), muxAddress());

        // The browser's ClientHello may arrive before the server knows the fingerprint (before the answer).
        CompletableFuture<?> client = peer.startDtls(DtlsRole.CLIENT, SERVER_CERT.fingerprint());
        Thread.sleep(300);
        onLoop(() -> t.startDtls(CLIENT_CERT.fingerprint(), DtlsRole.SERVER));

        client.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        events.connected.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        byte[] up = rtp(9, 9, 0x99L, "early hello");
        peer.sendRtp(up);
        assertThat(events.rtp.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(up);
    }

    @Test
    void theMuxBindsOnAnNioEventLoopGroupToo() throws Exception {
        EventLoopGroup nio = new NioEventLoopGroup(1, new DefaultThreadFactory("transport-loop-it-nio", true));
        try {
            UdpPortMux other = UdpPortMux.bind(nio, new InetSocketAddress("127.0.0.1", 0), (buf, off, len) -> null);
            assertThat(other.port()).isPositive();
            other.close();
        } finally {
            nio.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
