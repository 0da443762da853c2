package dev.parley.media.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.media.dtls.DtlsCertificate;
import dev.parley.media.dtls.DtlsConfig;
import dev.parley.media.dtls.DtlsHandshakeExecutor;
import dev.parley.media.dtls.DtlsRole;
import dev.parley.media.stun.IceCredentials;
import dev.parley.media.stun.MessageIntegrity;
import dev.parley.media.stun.StunErrorCode;
import dev.parley.media.stun.StunMessage;
import dev.parley.media.stun.StunMessageBuilder;
import dev.parley.media.stun.StunMessageType;
import dev.parley.media.stun.TransactionId;
import io.netty.channel.EventLoopGroup;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A {@link WebRtcTransport} on a real port, before any DTLS handshake completes: its ICE-lite side
 * answering a loopback client's checks, its state, what it does (nothing) when asked to send too early,
 * how it ends — by {@link WebRtcTransport#close()} (not reported) or on its own (reported once), with
 * ICE consent (RFC 7675) on a {@link ManualClock}. After a handshake: {@link WebRtcTransportConnectedTest}.
 */
class WebRtcTransportTest {
    private static final Duration CONSENT_TIMEOUT = Duration.ofSeconds(30);
    private static final DtlsCertificate SERVER_CERT = DtlsCertificate.generate();
    private static final DtlsCertificate CLIENT_CERT = DtlsCertificate.generate();
    /** RFC 8445 §5.3 ice-char: ALPHA / DIGIT / "+" / "/". */
    private static final String ICE_CHARS = "[A-Za-z0-9+/]";

    private static EventLoopGroup group;
    private static ExecutorService dtlsExecutor;

    private final Random random = new Random(7675);
    private final ManualClock clock = new ManualClock(Instant.parse("2025-06-01T12:00:00Z"));
    private final Recorder events = new Recorder();
    private UdpPortMux mux;
    private DatagramSocket client;

    /** What the transport reported, on the port's loop. */
    static final class Recorder implements WebRtcTransport.Listener {
        final AtomicInteger connected = new AtomicInteger();
        final AtomicInteger rtp = new AtomicInteger();
        final AtomicInteger rtcp = new AtomicInteger();
        final List<String> closed = new CopyOnWriteArrayList<>();
        final CompletableFuture<String> firstClose = new CompletableFuture<>();

        @Override
        public void onConnected(WebRtcTransport transport) {
            connected.incrementAndGet();
        }

        @Override
        public void onRtp(WebRtcTransport transport, byte[] buf, int off, int len) {
            rtp.incrementAndGet();
        }

        @Override
        public void onRtcp(WebRtcTransport transport, byte[] buf, int off, int len) {
            rtcp.incrementAndGet();
        }

        @Override
        public void onClosed(WebRtcTransport transport, String reason) {
            closed.add(reason);
            firstClose.complete(reason);
        }
    }

    @BeforeAll
    static void startLoop() {
        group = Loopback.oneLoop("webrtc-transport-test");
        dtlsExecutor = DtlsHandshakeExecutor.create(2);
    }

    @AfterAll
    static void stopLoop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        dtlsExecutor.shutdownNow();
    }

    @BeforeEach
    void bind() throws Exception {
        mux = Loopback.bindMux(group);
        client = Loopback.socket();
    }

    @AfterEach
    void unbind() {
        client.close();
        mux.close();
    }

    private WebRtcTransport transport(DtlsConfig dtlsConfig) throws Exception {
        return Loopback.onLoop(mux, () -> new WebRtcTransport(mux, SERVER_CERT, dtlsExecutor, dtlsConfig, clock,
                CONSENT_TIMEOUT, 1024, "webrtc-transport-test", events));
    }

    private WebRtcTransport transport() throws Exception {
        return transport(DtlsConfig.defaults());
    }

    private InetSocketAddress clientAddress() {
        return (InetSocketAddress) client.getLocalSocketAddress();
    }

    /** A browser's nominating check (RFC 8445 §7.2.2): USERNAME "server:browser", the server's password. */
    private byte[] check(IceCredentials server, String password) {
        return new StunMessageBuilder(StunMessageType.BINDING_REQUEST, TransactionId.random(random))
                .username(server.ufrag() + ":browserUfrag").priority(0x6E7F00FFL).iceControlling(random.nextLong())
                .useCandidate().messageIntegrity(MessageIntegrity.shortTerm(password))
                .fingerprint().build();
    }

    /** Sends {@code datagram} from the client and returns the transport's answer. */
    private StunMessage exchange(byte[] datagram) throws Exception {
        client.send(new DatagramPacket(datagram, datagram.length, Loopback.address(mux.port())));
        DatagramPacket in = Loopback.receive(client);
        return StunMessage.parse(in.getData(), 0, in.getLength());
    }

    private StunMessage validCheck(WebRtcTransport t) throws Exception {
        StunMessage response = exchange(check(t.localIce(), t.localIce().password()));
        assertThat(response.type()).isEqualTo(StunMessageType.BINDING_SUCCESS);
        return response;
    }

    private void tick(WebRtcTransport t) throws Exception {
        Loopback.onLoop(mux, t::onTick);
    }

    // --- before connecting --------------------------------------------------------------------------

    @Test
    void aNewTransportHasFreshIceCredentialsIsOnThePortAndIsNotConnected() throws Exception {
        WebRtcTransport t = transport();
        WebRtcTransport other = transport();

        IceCredentials ice = t.localIce();
        assertThat(ice.ufrag()).matches(ICE_CHARS + "{8}");     // RFC 8445 §5.3: at least 4 (24 bits)
        assertThat(ice.password()).matches(ICE_CHARS + "{24}"); // at least 22 (128 bits)
        assertThat(other.localIce().ufrag()).isNotEqualTo(ice.ufrag());
        assertThat(other.localIce().password()).isNotEqualTo(ice.password());
        assertThat(t.localFingerprint()).isEqualTo(SERVER_CERT.fingerprint());
        assertThat(t.label()).isEqualTo("webrtc-transport-test");
        assertThat(mux.transportCount()).isEqualTo(2);
        assertThat(Loopback.onLoop(mux, t::isConnected)).isFalse();
        assertThat(Loopback.onLoop(mux, t::remoteAddress)).isEmpty();
    }

    @Test
    void aValidNominatingCheckIsAnsweredAndSelectsItsSender() throws Exception {
        WebRtcTransport t = transport();

        StunMessage response = validCheck(t);

        assertThat(response.xorMappedAddress()).contains(clientAddress());
        assertThat(response.verifyMessageIntegrity(t.localIce().messageIntegrity())).isTrue();
        assertThat(Loopback.onLoop(mux, t::remoteAddress)).contains(clientAddress());
        assertThat(Loopback.onLoop(mux, t::isConnected)).as("ICE alone does not connect").isFalse();
        assertThat(events.connected).hasValue(0);
    }

    @Test
    void aCheckWithTheWrongPasswordGets401AndClaimsNoAddress() throws Exception {
        WebRtcTransport t = transport();

        StunMessage response = exchange(check(t.localIce(), "not-the-password-of-this-transport"));

        assertThat(response.type()).isEqualTo(StunMessageType.BINDING_ERROR);
        assertThat(response.errorCode()).hasValueSatisfying(
                e -> assertThat(e.code()).isEqualTo(StunErrorCode.UNAUTHORIZED));
        assertThat(Loopback.onLoop(mux, t::remoteAddress)).isEmpty();
        byte[] rtp = rtp();
        client.send(new DatagramPacket(rtp, rtp.length, Loopback.address(mux.port())));
        Loopback.await("the client's RTP dropped as from an unknown sender", () -> mux.droppedUnknownSender() == 1);
    }

    @Test
    void sendingBeforeTheHandshakeSendsNothingAndLeavesTheBufferAsItWas() throws Exception {
        WebRtcTransport t = transport();
        validCheck(t); // a selected address, but no SRTP yet
        byte[] packet = Arrays.copyOf(rtp(), 12 + 20 + UdpPortMux.HEADROOM);
        byte[] untouched = packet.clone();
        byte[] marker = {(byte) 0xFF, 'e', 'n', 'd'};

        Loopback.onLoop(mux, () -> {
            t.sendRtp(packet, 0, 12 + 20);
            t.sendRtcp(packet, 0, 12 + 20);
            mux.send(clientAddress(), marker, 0, marker.length);
        });

        DatagramPacket first = Loopback.receive(client);
        assertThat(Arrays.copyOf(first.getData(), first.getLength())).as("only the marker was sent").isEqualTo(marker);
        assertThat(packet).as("not protected in place").isEqualTo(untouched);
    }

    @Test
    void srtpBeforeTheHandshakeIsNeitherDeliveredNorCountedAsAFailure() throws Exception {
        WebRtcTransport t = transport();
        validCheck(t);
        byte[] rtp = rtp();

        client.send(new DatagramPacket(rtp, rtp.length, Loopback.address(mux.port())));
        validCheck(t); // handled after the RTP: datagrams from one socket are read in order

        assertThat(events.rtp).hasValue(0);
        assertThat(events.rtcp).hasValue(0);
        assertThat(Loopback.onLoop(mux, t::srtpFailures)).isZero();
        assertThat(mux.droppedUnknownSender()).as("it reached the transport").isZero();
    }

    // --- ending -------------------------------------------------------------------------------------

    @Test
    void closeTakesTheTransportOffThePortWithoutReportingItAndMayBeRepeated() throws Exception {
        WebRtcTransport t = transport();
        validCheck(t);

        Loopback.onLoop(mux, t::close);
        Loopback.onLoop(mux, t::close);

        assertThat(mux.transportCount()).isZero();
        assertThat(Loopback.onLoop(mux, t::isConnected)).isFalse();
        byte[] again = check(t.localIce(), t.localIce().password());
        client.send(new DatagramPacket(again, again.length, Loopback.address(mux.port())));
        Loopback.await("a check to the closed transport dropped", () -> mux.droppedUnknownSender() == 1);
        tick(t);
        assertThat(events.closed).as("close() is the owner's own act: not reported").isEmpty();
    }

    @Test
    void consentExpiresAfterTheTimeoutWithoutAValidCheckAndIsReportedOnce() throws Exception {
        WebRtcTransport t = transport();

        clock.advance(CONSENT_TIMEOUT.minusMillis(1));
        tick(t);
        assertThat(events.closed).isEmpty();
        assertThat(mux.transportCount()).isEqualTo(1);

        clock.advance(Duration.ofMillis(1));
        tick(t);
        tick(t);
        Loopback.onLoop(mux, t::close);

        assertThat(events.closed).containsExactly("ICE consent expired (no valid check for 30 s)");
        assertThat(mux.transportCount()).isZero();
    }

    @Test
    void aValidCheckRenewsConsent() throws Exception {
        WebRtcTransport t = transport();

        clock.advance(Duration.ofSeconds(20));
        validCheck(t);
        clock.advance(Duration.ofSeconds(20)); // 40 s after the start, 20 s after the check
        tick(t);
        assertThat(events.closed).isEmpty();

        clock.advance(Duration.ofSeconds(10)); // 30 s after the check
        tick(t);
        assertThat(events.closed).singleElement().asString().startsWith("ICE consent expired");
    }

    @Test
    void aCheckThatFailsAuthenticationDoesNotRenewConsent() throws Exception {
        WebRtcTransport t = transport();

        clock.advance(Duration.ofSeconds(20));
        assertThat(exchange(check(t.localIce(), "a-guess-at-the-password-xx")).type())
                .isEqualTo(StunMessageType.BINDING_ERROR);
        clock.advance(Duration.ofSeconds(10));
        tick(t);

        assertThat(events.closed).singleElement().asString().startsWith("ICE consent expired");
    }

    @Test
    void aHandshakeThatNeverCompletesEndsTheTransportAndIsReportedOnce() throws Exception {
        // As DTLS client toward a peer that never answered ICE: the ClientHello has nowhere to go.
        WebRtcTransport t = transport(DtlsConfig.defaults().withHandshakeTimeout(Duration.ofMillis(300)));

        Loopback.onLoop(mux, () -> t.startDtls(CLIENT_CERT.fingerprint(), DtlsRole.CLIENT));

        String reason = events.firstClose.get(Loopback.WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(reason).startsWith("DTLS handshake failed");
        Loopback.onLoop(mux, t::close);
        tick(t);
        assertThat(events.closed).hasSize(1);
        assertThat(events.connected).hasValue(0);
        assertThat(mux.transportCount()).isZero();
    }

    @Test
    void closingDuringTheHandshakeAbortsItWithoutReportingIt() throws Exception {
        WebRtcTransport t = transport();
        Loopback.onLoop(mux, () -> t.startDtls(CLIENT_CERT.fingerprint(), DtlsRole.SERVER));

        Loopback.onLoop(mux, t::close);
        // The aborted handshake and the DTLS close are posted to the loop by close() itself: let them run.
        Loopback.onLoop(mux, () -> { });

        assertThat(events.closed).isEmpty();
        assertThat(mux.transportCount()).isZero();
    }

    /** An RTP packet (RFC 3550 §5.1): V=2, payload type 96, 20 bytes of payload. */
    private static byte[] rtp() {
        byte[] p = new byte[12 + 20];
        p[0] = (byte) 0x80;
        p[1] = 96;
        p[3] = 1;
        p[11] = 42;
        return p;
    }
}
