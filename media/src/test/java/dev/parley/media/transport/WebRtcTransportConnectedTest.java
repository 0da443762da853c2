package dev.parley.media.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.media.dtls.DtlsCertificate;
import dev.parley.media.dtls.DtlsConfig;
import dev.parley.media.dtls.DtlsHandshakeExecutor;
import dev.parley.media.dtls.DtlsRole;
import dev.parley.media.stun.MessageIntegrity;
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
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
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
 * A {@link WebRtcTransport} after a real DTLS handshake with a {@link DtlsClientPeer} over loopback: what
 * only a connected transport does — tell RTCP from RTP by the second byte (RFC 5761 §4), drop SRTP that
 * fails authentication, and end when the peer closes DTLS. The clock stands still, so consent holds.
 */
class WebRtcTransportConnectedTest {
    private static final DtlsCertificate SERVER_CERT = DtlsCertificate.generate();
    private static final DtlsCertificate CLIENT_CERT = DtlsCertificate.generate();

    private static EventLoopGroup group;
    private static ExecutorService dtlsExecutor;

    private final Recorder events = new Recorder();
    private UdpPortMux mux;
    private DatagramSocket socket;
    private WebRtcTransport transport;
    private DtlsClientPeer peer;

    /** What the transport reported, keyed by the second byte of each packet. */
    static final class Recorder implements WebRtcTransport.Listener {
        final CompletableFuture<Void> connected = new CompletableFuture<>();
        final AtomicInteger connectedCount = new AtomicInteger();
        final Map<Integer, String> bySecondByte = new ConcurrentHashMap<>();
        final List<String> closed = new CopyOnWriteArrayList<>();
        final CompletableFuture<String> firstClose = new CompletableFuture<>();

        @Override
        public void onConnected(WebRtcTransport t) {
            connectedCount.incrementAndGet();
            connected.complete(null);
        }

        @Override
        public void onRtp(WebRtcTransport t, byte[] buf, int off, int len) {
            bySecondByte.put(buf[off + 1] & 0xFF, "RTP");
        }

        @Override
        public void onRtcp(WebRtcTransport t, byte[] buf, int off, int len) {
            bySecondByte.put(buf[off + 1] & 0xFF, "RTCP");
        }

        @Override
        public void onClosed(WebRtcTransport t, String reason) {
            closed.add(reason);
            firstClose.complete(reason);
        }
    }

    @BeforeAll
    static void startLoop() {
        group = Loopback.oneLoop("webrtc-transport-connected-test");
        dtlsExecutor = DtlsHandshakeExecutor.create(4);
    }

    @AfterAll
    static void stopLoop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        dtlsExecutor.shutdownNow();
    }

    @BeforeEach
    void connect() throws Exception {
        mux = Loopback.bindMux(group);
        socket = Loopback.socket();
        ManualClock clock = new ManualClock(Instant.parse("2025-06-01T12:00:00Z"));
        transport = Loopback.onLoop(mux, () -> new WebRtcTransport(mux, SERVER_CERT, dtlsExecutor,
                DtlsConfig.defaults(), clock, Duration.ofSeconds(30), 1024, "connected-test", events));
        Loopback.onLoop(mux, () -> transport.startDtls(CLIENT_CERT.fingerprint(), DtlsRole.SERVER));

        byte[] check = new StunMessageBuilder(StunMessageType.BINDING_REQUEST, TransactionId.random(new Random(5761)))
                .username(transport.localIce().ufrag() + ":peer").priority(0x6E7F00FFL).iceControlling(1)
                .useCandidate().messageIntegrity(MessageIntegrity.shortTerm(transport.localIce().password()))
                .fingerprint().build();
        socket.send(new DatagramPacket(check, check.length, Loopback.address(mux.port())));
        DatagramPacket answer = Loopback.receive(socket);
        assertThat(StunMessage.parse(answer.getData(), 0, answer.getLength()).type())
                .isEqualTo(StunMessageType.BINDING_SUCCESS);

        peer = new DtlsClientPeer(socket, Loopback.address(mux.port()));
        peer.connect(CLIENT_CERT, SERVER_CERT.fingerprint(), dtlsExecutor)
                .get(Loopback.WAIT.toSeconds(), TimeUnit.SECONDS);
        events.connected.get(Loopback.WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @AfterEach
    void disconnect() throws Exception {
        peer.close();
        Loopback.onLoop(mux, transport::close);
        mux.close();
    }

    /** An RTP header (RFC 3550 §5.1) with {@code secondByte} (marker and payload type), and a payload. */
    private static byte[] rtp(int secondByte, int seq) {
        byte[] p = new byte[12 + 16];
        p[0] = (byte) 0x80;
        p[1] = (byte) secondByte;
        p[2] = (byte) (seq >> 8);
        p[3] = (byte) seq;
        p[11] = 7; // SSRC 7
        Arrays.fill(p, 12, p.length, (byte) seq);
        return p;
    }

    /** An RTCP header (RFC 3550 §6.4.2) with packet type {@code secondByte}, and one more word. */
    private static byte[] rtcp(int secondByte) {
        return new byte[] {(byte) 0x80, (byte) secondByte, 0, 2, 0, 0, 0, 9, 1, 2, 3, 4};
    }

    @Test
    void theHandshakeConnectsTheTransportToTheCheckedAddressAndIsReportedOnce() throws Exception {
        assertThat(Loopback.onLoop(mux, transport::isConnected)).isTrue();
        assertThat(Loopback.onLoop(mux, transport::remoteAddress))
                .contains((InetSocketAddress) socket.getLocalSocketAddress());
        assertThat(events.connectedCount).hasValue(1);
        assertThat(events.closed).isEmpty();
    }

    @Test
    void rtcpAndRtpAreToldApartByTheSecondByteAsRfc5761Says() throws Exception {
        // RFC 5761 §4: RTCP packet types 192..223 (200 SR, 201 RR, ...); RTP payload types that would land
        // there with the marker set (64..95) are not used, so 191 (PT 63 + M) and 224 (PT 96 + M) are RTP.
        int seq = 1;
        for (int secondByte : new int[] {96, 191, 224, 255}) {
            peer.send(peer.protectRtp(rtp(secondByte, seq++)));
        }
        for (int secondByte : new int[] {192, 200, 201, 223}) {
            peer.send(peer.protectRtcp(rtcp(secondByte)));
        }

        Loopback.await("eight packets decrypted", () -> events.bySecondByte.size() == 8);
        assertThat(events.bySecondByte).containsExactlyInAnyOrderEntriesOf(Map.of(
                96, "RTP", 191, "RTP", 224, "RTP", 255, "RTP",
                192, "RTCP", 200, "RTCP", 201, "RTCP", 223, "RTCP"));
        assertThat(Loopback.onLoop(mux, transport::srtpFailures)).isZero();
    }

    @Test
    void srtpThatFailsAuthenticationIsCountedAndNotDelivered() throws Exception {
        byte[] tampered = peer.protectRtp(rtp(96, 1));
        tampered[20] ^= 1; // a payload bit: the tag no longer matches (RFC 3711 §3.3)

        peer.send(tampered);

        Loopback.await("the failure counted", () -> srtpFailures() == 1);
        assertThat(events.bySecondByte).isEmpty();
        peer.send(peer.protectRtp(rtp(96, 2)));
        Loopback.await("the next good packet delivered", () -> events.bySecondByte.containsKey(96));
    }

    @Test
    void sendRtpProtectsInPlaceAndThePeerDecryptsIt() throws Exception {
        byte[] packet = rtp(96, 4242);
        byte[] buf = Arrays.copyOf(packet, packet.length + UdpPortMux.HEADROOM);

        Loopback.onLoop(mux, () -> transport.sendRtp(buf, 0, packet.length));

        assertThat(peer.awaitRtp()).isEqualTo(packet);
    }

    @Test
    void aCloseNotifyFromThePeerEndsTheTransportAndIsReportedOnce() throws Exception {
        peer.dtls().close(); // RFC 5246 §7.2.1 close_notify

        String reason = events.firstClose.get(Loopback.WAIT.toSeconds(), TimeUnit.SECONDS);
        Loopback.onLoop(mux, transport::close);
        Loopback.onLoop(mux, transport::onTick);

        assertThat(reason).startsWith("DTLS closed");
        assertThat(events.closed).hasSize(1);
        assertThat(Loopback.onLoop(mux, transport::isConnected)).isFalse();
        assertThat(mux.transportCount()).isZero();
    }

    private long srtpFailures() {
        try {
            return Loopback.onLoop(mux, transport::srtpFailures);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
