package dev.parley.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.media.dtls.DtlsCertificate;
import dev.parley.media.dtls.DtlsHandshakeExecutor;
import dev.parley.media.rtcp.ReceiverReport;
import dev.parley.media.rtcp.ReceptionReport;
import dev.parley.media.rtcp.RtcpCompound;
import dev.parley.media.rtcp.RtcpPacket;
import dev.parley.media.sdp.SessionDescription;
import dev.parley.media.stun.MessageIntegrity;
import dev.parley.media.stun.StunMessage;
import dev.parley.media.stun.StunMessageBuilder;
import dev.parley.media.stun.StunMessageType;
import dev.parley.media.stun.TransactionId;
import dev.parley.media.transport.PacketKind;
import dev.parley.media.transport.UdpPortMux;
import dev.parley.sfu.BrowserOffers;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shared media port under junk: datagrams of every first-byte class (RFC 7983), truncated and
 * unauthenticated STUN, DTLS and SRTP garbage, from strangers and from a connected peer's own address.
 * Nothing may create a transport, answer a stranger, or disturb a real publisher; the drop counters
 * account for every datagram.
 */
class MediaPortIT {
    private static final long CHROME_AUDIO_SSRC = 3_419_704_644L;
    private static final AtomicInteger ROOMS = new AtomicInteger(7000);

    private static InProcessServer server;
    private static ExecutorService dtlsExecutor;
    private final Random random = new Random(20_240_601L);
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private DatagramSocket stranger;

    @BeforeAll
    static void start() throws Exception {
        server = InProcessServer.start("");
        dtlsExecutor = DtlsHandshakeExecutor.create(4);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        dtlsExecutor.shutdownNow();
    }

    @BeforeEach
    void openStranger() throws Exception {
        stranger = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        stranger.setSoTimeout(200);
    }

    @AfterEach
    void closeAll() throws Exception {
        stranger.close();
        for (AutoCloseable c : closeables) {
            c.close();
        }
        // A closed client's room, sessions and transports end on the SFU thread after its connection does:
        // the next test counts from a server that has let go of this one's (it compares counts).
        Poll.until("the test's rooms, media sessions and transports are gone", java.time.Duration.ofSeconds(10),
                () -> {
                    try {
                        return server.roomCount() == 0 && server.mediaSessions() == 0 && server.transports() == 0;
                    } catch (Exception e) {
                        return false;
                    }
                }, () -> "rooms, sessions, transports still open");
    }

    private InetSocketAddress mediaPort() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.rtcPort());
    }

    private UdpPortMux mux() {
        return server.server().mux();
    }

    private byte[] junk(int firstByte, int length) {
        byte[] b = new byte[length];
        random.nextBytes(b);
        if (length > 0) {
            b[0] = (byte) firstByte;
        }
        return b;
    }

    /** A Binding request as a browser sends it, for {@code username}, signed with {@code password}. */
    private byte[] bindingRequest(String username, String password) {
        return new StunMessageBuilder(StunMessageType.BINDING_REQUEST, TransactionId.random(random))
                .username(username).priority(0x6E7F00FFL).iceControlling(random.nextLong()).useCandidate()
                .messageIntegrity(MessageIntegrity.shortTerm(password)).fingerprint().build();
    }

    /** Expected drop counters after a datagram from an address no transport owns. */
    private static final class Expected {
        long oversized;
        long unclassified;
        long unknownSender;

        void add(byte[] d) {
            if (d.length == 0 || d.length > UdpPortMux.MAX_DATAGRAM) {
                oversized++;
            } else if (PacketKind.of(d[0]) == PacketKind.UNKNOWN) {
                unclassified++;
            } else {
                unknownSender++;
            }
        }
    }

    /** Sends in batches of 50, waiting for the port to count each batch: nothing lost to socket buffers. */
    private void sendCounted(DatagramSocket from, List<byte[]> datagrams) throws Exception {
        LongSupplier counted = () -> mux().droppedOversized() + mux().droppedUnclassified()
                + mux().droppedUnknownSender();
        for (int i = 0; i < datagrams.size(); i += 50) {
            long before = counted.getAsLong();
            List<byte[]> batch = datagrams.subList(i, Math.min(datagrams.size(), i + 50));
            for (byte[] d : batch) {
                from.send(new DatagramPacket(d, d.length, mediaPort()));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (counted.getAsLong() < before + batch.size() && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
        }
    }

    private List<byte[]> everyKindOfJunk() {
        List<byte[]> out = new ArrayList<>();
        for (int first = 0; first < 256; first++) {       // every first-byte class of RFC 7983 and the gaps
            out.add(junk(first, 1 + random.nextInt(200)));
        }
        for (int i = 0; i < 300; i++) {                    // random bytes, random lengths
            out.add(junk(random.nextInt(256), 1 + random.nextInt(1400)));
        }
        for (int first = 0; first <= 3; first++) {         // STUN-like: header with the magic cookie, junk after
            byte[] b = junk(first, 20 + 4 * random.nextInt(20));
            b[4] = 0x21;
            b[5] = 0x12;
            b[6] = (byte) 0xA4;
            b[7] = 0x42;
            out.add(b);
        }
        byte[] request = bindingRequest("nosuchufrag:peer", "a-password-nobody-has");
        out.add(request);                                  // valid STUN, unknown ufrag
        for (int cut : new int[] {1, 10, 19, 20, 27, request.length - 4, request.length - 1}) {
            out.add(Arrays.copyOf(request, cut));          // truncated STUN
        }
        for (int i = 0; i < 20; i++) {                     // DTLS-like: record header, junk body
            byte[] b = junk(20 + random.nextInt(44), 13 + random.nextInt(300));
            b[1] = (byte) 0xFE;
            b[2] = (byte) 0xFD;
            out.add(b);
        }
        for (int i = 0; i < 20; i++) {                     // RTP/RTCP-like
            out.add(junk(128 + random.nextInt(64), 12 + random.nextInt(1000)));
        }
        out.add(new byte[0]);                              // empty
        out.add(junk(0x80, UdpPortMux.MAX_DATAGRAM + 1));  // one byte too large
        out.add(junk(0x80, 2000));
        return out;
    }

    /** Opus packets as Chrome's offer announces them (payload type 111, its audio SSRC). */
    private static byte[] opus(int seq) {
        byte[] p = new byte[12 + 40];
        p[0] = (byte) 0x80;
        p[1] = 111;
        p[2] = (byte) (seq >> 8);
        p[3] = (byte) seq;
        long ts = seq * 960L;
        long ssrc = CHROME_AUDIO_SSRC;
        for (int i = 0; i < 4; i++) {
            p[4 + i] = (byte) (ts >> (24 - 8 * i));
            p[8 + i] = (byte) (ssrc >> (24 - 8 * i));
        }
        return p;
    }

    /** The server's next receiver report about Chrome's audio SSRC. */
    private static ReceptionReport awaitReportOnAudio(HeadlessPeer peer) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            byte[] rtcp = peer.awaitRtcp(Duration.ofSeconds(10));
            for (RtcpPacket p : RtcpCompound.parse(rtcp, 0, rtcp.length)) {
                if (p instanceof ReceiverReport rr) {
                    for (ReceptionReport r : rr.reports()) {
                        if (r.ssrc() == CHROME_AUDIO_SSRC) {
                            return r;
                        }
                    }
                }
            }
        }
        throw new AssertionError("no receiver report on the audio SSRC");
    }

    /** A publisher connected through signaling and the media port: ICE, DTLS, SRTP all up. */
    private record Publisher(SignalClient signal, HeadlessPeer peer, String answer) {
    }

    private Publisher publisher(String userId) throws Exception {
        SignalClient signal = server.connect(userId);
        closeables.add(signal);
        HeadlessPeer peer = new HeadlessPeer(userId, DtlsCertificate.generate(), dtlsExecutor);
        closeables.add(peer);
        signal.ok("join", InProcessServer.join(userId, ROOMS.incrementAndGet()));
        JsonNode published = signal.ok("publish", Map.of("offer",
                PeerMedia.offerFrom(peer, BrowserOffers.read(BrowserOffers.CHROME)), "type", "main"));
        PeerMedia.connect(peer, published.path("answer").asText());
        return new Publisher(signal, peer, published.path("answer").asText());
    }

    private void sendOpus(HeadlessPeer peer, int fromSeq, int count) throws Exception {
        for (int seq = fromSeq; seq < fromSeq + count; seq++) {
            peer.sendRtp(opus(seq));
            Thread.sleep(5);
        }
    }

    private void assertStrangerGetsNoAnswer() throws Exception {
        DatagramPacket in = new DatagramPacket(new byte[2048], 2048);
        try {
            stranger.receive(in);
            throw new AssertionError("the media port answered a stranger with " + in.getLength() + " bytes");
        } catch (SocketTimeoutException expected) {
            // silence is the answer
        }
    }

    // --- tests --------------------------------------------------------------------------------------

    @Test
    void junkFromStrangersIsCountedAndDroppedAndARealPublisherConnectsAfterwards() throws Exception {
        int transports = server.transports();
        int sessions = server.mediaSessions();
        int rooms = server.roomCount();
        long oversized = mux().droppedOversized();
        long unclassified = mux().droppedUnclassified();
        long unknownSender = mux().droppedUnknownSender();
        List<byte[]> junk = everyKindOfJunk();
        Expected expected = new Expected();
        junk.forEach(expected::add);

        sendCounted(stranger, junk);

        assertThat(mux().droppedOversized() - oversized).isEqualTo(expected.oversized);
        assertThat(mux().droppedUnclassified() - unclassified).isEqualTo(expected.unclassified);
        assertThat(mux().droppedUnknownSender() - unknownSender).isEqualTo(expected.unknownSender);
        assertThat(expected.oversized).isEqualTo(3);
        assertThat(expected.unclassified).isPositive();
        assertStrangerGetsNoAnswer();
        assertThat(server.transports()).isEqualTo(transports);
        assertThat(server.mediaSessions()).isEqualTo(sessions);
        assertThat(server.roomCount()).isEqualTo(rooms);

        Publisher pub = publisher("after-junk");
        assertThat(server.transports()).isEqualTo(transports + 1);
        sendOpus(pub.peer(), 1, 50);
        ReceptionReport report = awaitReportOnAudio(pub.peer());
        assertThat(report.extendedHighestSequence()).isBetween(1L, 50L);
    }

    @Test
    void junkFromAConnectedPublishersAddressDoesNotDisturbIt() throws Exception {
        Publisher pub = publisher("steady");
        HeadlessPeer peer = pub.peer();
        sendOpus(peer, 100, 20);
        awaitReportOnAudio(peer);

        for (int i = 0; i < 50; i++) {
            byte[] srtpLike = junk(0x80, 12 + random.nextInt(200));
            srtpLike[1] = 111; // Opus, so it reaches SRTP authentication
            peer.send(srtpLike, 0, srtpLike.length);
            byte[] rtcpLike = junk(0x80, 8 + 4 * random.nextInt(20));
            rtcpLike[1] = (byte) 201;
            peer.send(rtcpLike, 0, rtcpLike.length);
            byte[] dtlsLike = junk(20 + random.nextInt(44), 13 + random.nextInt(200));
            dtlsLike[1] = (byte) 0xFE;
            dtlsLike[2] = (byte) 0xFD;
            peer.send(dtlsLike, 0, dtlsLike.length);
            byte[] stunLike = junk(random.nextInt(4), 20 + random.nextInt(60));
            peer.send(stunLike, 0, stunLike.length);
        }
        sendOpus(peer, 120, 100);

        long highest = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (highest < 200 && System.nanoTime() < deadline) {
            highest = awaitReportOnAudio(peer).extendedHighestSequence();
            if (highest < 219) {
                sendOpus(peer, 220, 1);
            }
        }
        assertThat(highest).as("media after the junk still counted").isGreaterThanOrEqualTo(200);
        assertThat(pub.signal().drainEventNames()).as("no error event: the uplink lives").isEmpty();
    }

    @Test
    void aCheckForARealUfragWithTheWrongPasswordGets401AndBindsNothing() throws Exception {
        Publisher pub = publisher("victim");
        SessionDescription sd = SessionDescription.parse(pub.answer());
        String ufrag = sd.resolvedIceCredentials(sd.media().get(0)).orElseThrow().ufrag();

        byte[] forged = bindingRequest(ufrag + ":attacker", "not-the-password-at-all");
        stranger.send(new DatagramPacket(forged, forged.length, mediaPort()));
        DatagramPacket in = new DatagramPacket(new byte[2048], 2048);
        stranger.setSoTimeout(5000);
        stranger.receive(in);
        StunMessage response = StunMessage.parse(in.getData(), 0, in.getLength());

        assertThat(response.type()).isEqualTo(StunMessageType.BINDING_ERROR);
        assertThat(response.errorCode()).hasValueSatisfying(e -> assertThat(e.code()).isEqualTo(401));
        long unknownBefore = mux().droppedUnknownSender();
        byte[] rtp = opus(1);
        stranger.send(new DatagramPacket(rtp, rtp.length, mediaPort()));
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (mux().droppedUnknownSender() == unknownBefore && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(mux().droppedUnknownSender()).as("the stranger's address was not bound")
                .isEqualTo(unknownBefore + 1);

        sendOpus(pub.peer(), 1, 20);
        awaitReportOnAudio(pub.peer());
    }
}
