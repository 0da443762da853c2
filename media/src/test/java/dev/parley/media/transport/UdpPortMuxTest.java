package dev.parley.media.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.media.stun.MessageIntegrity;
import dev.parley.media.stun.StunMessageBuilder;
import dev.parley.media.stun.StunMessageType;
import dev.parley.media.stun.TransactionId;
import io.netty.channel.EventLoopGroup;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shared port on a real loopback socket, with recording transports: first-byte classification
 * (RFC 7983), the first STUN check routed by the ufrag in its USERNAME (RFC 8445 §7.2.2), everything
 * after by the sender's address, and a counter for every datagram dropped.
 *
 * <p>The port drops in silence, so a test waits for the evidence that a datagram was handled — the
 * transport's record of it, or the drop counter moving — never for a fixed time.
 */
class UdpPortMuxTest {
    private static EventLoopGroup group;

    private final Random random = new Random(7983);
    private UdpPortMux mux;
    private DatagramSocket client;
    private DatagramSocket stranger;

    @BeforeAll
    static void startLoop() {
        group = Loopback.oneLoop("udp-port-mux-test");
    }

    @AfterAll
    static void stopLoop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @BeforeEach
    void bind() throws Exception {
        // The router the server installs (ParleyServer): the local part of USERNAME "local:remote".
        mux = Loopback.bindMux(group);
        client = Loopback.socket();
        stranger = Loopback.socket();
    }

    @AfterEach
    void close() {
        client.close();
        stranger.close();
        mux.close();
    }

    private byte[] bindingRequest(String username) {
        return new StunMessageBuilder(StunMessageType.BINDING_REQUEST, TransactionId.random(random))
                .username(username).priority(0x6E7F00FFL).iceControlling(random.nextLong()).useCandidate()
                .messageIntegrity(MessageIntegrity.shortTerm("any-password-the-mux-never-checks"))
                .fingerprint().build();
    }

    private InetSocketAddress clientAddress() {
        return (InetSocketAddress) client.getLocalSocketAddress();
    }

    private void send(DatagramSocket from, byte[] datagram) throws Exception {
        from.send(new DatagramPacket(datagram, datagram.length, Loopback.address(mux.port())));
    }

    private RecordingTransport registered(String ufrag) throws Exception {
        RecordingTransport t = new RecordingTransport(mux);
        Loopback.onLoop(mux, () -> mux.register(ufrag, t));
        return t;
    }

    /** A transport that has answered {@code client}'s check and claimed its address, as ICE does. */
    private RecordingTransport boundToClient(String ufrag) throws Exception {
        RecordingTransport t = registered(ufrag);
        send(client, bindingRequest(ufrag + ":peer"));
        assertThat(t.next().kind()).isEqualTo(PacketKind.STUN);
        return t;
    }

    private static byte[] datagram(int firstByte, int length) {
        byte[] d = new byte[length];
        Arrays.fill(d, (byte) 0x5A);
        if (length > 0) {
            d[0] = (byte) firstByte;
        }
        return d;
    }

    // --- routing ------------------------------------------------------------------------------------

    @Test
    void theFirstStunCheckReachesTheTransportRegisteredUnderTheUfragItNames() throws Exception {
        RecordingTransport alice = registered("aliceUfrag");
        RecordingTransport bob = registered("bobUfrag");
        byte[] check = bindingRequest("bobUfrag:browserUfrag");

        send(client, check);

        RecordingTransport.Received received = bob.next();
        assertThat(received.kind()).isEqualTo(PacketKind.STUN);
        assertThat(received.bytes()).isEqualTo(check);
        assertThat(received.from()).isEqualTo(clientAddress());
        assertThat(alice.received).isEmpty();
        assertThat(mux.droppedUnknownSender()).isZero();
    }

    @Test
    void laterDatagramsFromTheClaimedAddressReachTheTransportWithoutStun() throws Exception {
        RecordingTransport t = boundToClient("srvUfrag");
        byte[] rtp = datagram(0x80, 200);
        byte[] rtcp = datagram(0x81, 32);
        rtcp[1] = (byte) 201;
        byte[] dtls = datagram(22, 100);

        send(client, rtp);
        send(client, rtcp);
        send(client, dtls);

        // Each datagram is one receive on the loop; the three may be read in any order only if the
        // kernel reorders loopback datagrams, so collect them as a set of (kind, bytes).
        RecordingTransport.Received[] got = {t.next(), t.next(), t.next()};
        assertThat(got).extracting(RecordingTransport.Received::kind).containsExactlyInAnyOrder(
                PacketKind.RTP_OR_RTCP, PacketKind.RTP_OR_RTCP, PacketKind.DTLS);
        assertThat(got).extracting(RecordingTransport.Received::bytes).containsExactlyInAnyOrder(rtp, rtcp, dtls);
        assertThat(got).extracting(RecordingTransport.Received::from).containsOnly(clientAddress());
        assertThat(mux.droppedUnknownSender()).isZero();
    }

    @Test
    void aUfragMatchAloneDoesNotOpenTheAddressTheTransportMustClaimIt() throws Exception {
        RecordingTransport t = registered("srvUfrag");
        t.claimAddressOnStun = false; // e.g. a check that failed authentication (401)

        send(client, bindingRequest("srvUfrag:peer"));
        assertThat(t.next().kind()).isEqualTo(PacketKind.STUN);
        send(client, datagram(0x80, 100));

        Loopback.await("the RTP counted as from an unknown sender", () -> mux.droppedUnknownSender() == 1);
        assertThat(t.received).isEmpty();
    }

    @Test
    void anAddressClaimedByAnotherTransportMovesToIt() throws Exception {
        RecordingTransport first = boundToClient("firstUfrag");
        RecordingTransport second = registered("secondUfrag");
        InetSocketAddress clientAddress = clientAddress();

        Loopback.onLoop(mux, () -> mux.bindAddress(clientAddress, second));
        byte[] rtp = datagram(0x80, 60);
        send(client, rtp);

        assertThat(second.next().bytes()).isEqualTo(rtp);
        assertThat(first.received).isEmpty();
    }

    @Test
    void aTransportMayProcessTheDatagramInPlaceWithHeadroomForAnSrtpTag() throws Exception {
        RecordingTransport t = boundToClient("srvUfrag");

        send(client, datagram(0x80, 100));
        send(client, datagram(0x80, UdpPortMux.MAX_DATAGRAM));

        RecordingTransport.Received[] got = {t.next(), t.next()};
        assertThat(got).extracting(RecordingTransport.Received::headroom)
                .allSatisfy(room -> assertThat(room).isGreaterThanOrEqualTo(UdpPortMux.HEADROOM));
    }

    // --- drops --------------------------------------------------------------------------------------

    @Test
    void datagramsFromUnknownSendersAreDroppedAndCounted() throws Exception {
        RecordingTransport t = boundToClient("srvUfrag");

        send(stranger, datagram(0x80, 100));                      // RTP from nobody we know
        send(stranger, datagram(22, 100));                        // DTLS from nobody we know
        send(stranger, bindingRequest("noSuchUfrag:peer"));       // STUN naming no transport
        send(stranger, datagram(0x00, 20));                       // STUN-looking, no USERNAME at all

        Loopback.await("four drops counted", () -> mux.droppedUnknownSender() == 4);
        assertThat(t.received).isEmpty();
        assertThat(mux.droppedUnclassified()).isZero();
        assertThat(mux.droppedOversized()).isZero();
    }

    @Test
    void datagramsOfNoKnownProtocolAreDroppedAndCountedEvenFromTheClaimedAddress() throws Exception {
        RecordingTransport t = boundToClient("srvUfrag");
        int[] outsideRfc7983 = {4, 19, 64, 127, 192, 255};

        for (int firstByte : outsideRfc7983) {
            send(client, datagram(firstByte, 50));
        }

        Loopback.await("every one counted", () -> mux.droppedUnclassified() == outsideRfc7983.length);
        assertThat(t.received).isEmpty();
        assertThat(mux.droppedUnknownSender()).isZero();
    }

    @Test
    void emptyAndOversizedDatagramsAreDroppedAndCountedAndTheLargestAllowedOnePasses() throws Exception {
        RecordingTransport t = boundToClient("srvUfrag");
        byte[] largest = datagram(0x80, UdpPortMux.MAX_DATAGRAM);

        send(client, new byte[0]);
        send(client, datagram(0x80, UdpPortMux.MAX_DATAGRAM + 1));
        send(client, datagram(0x80, 9000));
        send(client, largest);

        assertThat(t.next().bytes()).isEqualTo(largest);
        Loopback.await("three drops counted", () -> mux.droppedOversized() == 3);
        assertThat(t.received).isEmpty();
        assertThat(mux.droppedUnclassified()).isZero();
        assertThat(mux.droppedUnknownSender()).isZero();
    }

    @Test
    void aTransportThatThrowsDoesNotStopThePortForTheOthers() throws Exception {
        RecordingTransport faulty = boundToClient("faultyUfrag");
        faulty.failWith = new IllegalStateException("a bug in one transport");
        RecordingTransport healthy = registered("healthyUfrag");
        byte[] check = bindingRequest("healthyUfrag:peer");

        send(client, datagram(0x80, 40));
        send(stranger, check);

        assertThat(healthy.next().bytes()).isEqualTo(check);
    }

    // --- lifecycle ----------------------------------------------------------------------------------

    @Test
    void anUnregisteredTransportReceivesNothingMoreAndItsUfragAndAddressAreFree() throws Exception {
        RecordingTransport gone = boundToClient("srvUfrag");

        Loopback.onLoop(mux, () -> mux.unregister(gone));
        send(client, datagram(0x80, 100));                // its claimed address
        send(stranger, bindingRequest("srvUfrag:peer"));  // its ufrag

        Loopback.await("both counted as from unknown senders", () -> mux.droppedUnknownSender() == 2);
        assertThat(gone.received).isEmpty();
        assertThat(mux.transportCount()).isZero();

        RecordingTransport successor = registered("srvUfrag");
        byte[] check = bindingRequest("srvUfrag:peer");
        send(stranger, check);
        assertThat(successor.next().bytes()).isEqualTo(check);
    }

    @Test
    void transportCountFollowsRegistrationsBackToZero() throws Exception {
        assertThat(mux.transportCount()).isZero();
        RecordingTransport a = registered("ufragA");
        RecordingTransport b = registered("ufragB");
        assertThat(mux.transportCount()).isEqualTo(2);

        Loopback.onLoop(mux, () -> mux.unregister(a));
        assertThat(mux.transportCount()).isEqualTo(1);
        Loopback.onLoop(mux, () -> mux.unregister(a)); // twice: harmless
        Loopback.onLoop(mux, () -> mux.unregister(b));
        assertThat(mux.transportCount()).isZero();
    }

    @Test
    void aUfragCannotBeRegisteredTwice() throws Exception {
        registered("sameUfrag");
        RecordingTransport other = new RecordingTransport(mux);

        assertThatThrownBy(() -> Loopback.onLoop(mux, () -> mux.register("sameUfrag", other)))
                .hasRootCauseInstanceOf(IllegalStateException.class)
                .hasRootCauseMessage("ICE ufrag already registered: sameUfrag");
        assertThat(mux.transportCount()).isEqualTo(1);
    }

    @Test
    void everyRegisteredTransportIsTickedEvenAfterOneThrows() throws Exception {
        RecordingTransport faulty = registered("faultyUfrag");
        faulty.failWith = new IllegalStateException("a bug in one transport's timer");
        RecordingTransport healthy = registered("healthyUfrag");

        // The port's own one-second timer (registration order: the faulty transport is ticked first).
        healthy.ticked.get(10, TimeUnit.SECONDS);
        assertThat(faulty.ticked).isDone();
    }

    // --- forwarding delay -----------------------------------------------------------------------------

    @Test
    void datagramsReadTogetherCountTheirWaitForTheOnesRoutedBeforeThem() throws Exception {
        // Five datagrams wait in the socket's buffer while the loop is held, so one recvmmsg reads them all;
        // routing the first takes 60 ms. Each is forwarded back to its sender.
        int n = 5;
        CompletableFuture<Void> claimed = new CompletableFuture<>();
        MuxedTransport slowFirst = new MuxedTransport() {
            private boolean first = true;

            @Override
            public void onDatagram(PacketKind kind, byte[] buf, int off, int len, InetSocketAddress from) {
                if (kind == PacketKind.STUN) {
                    mux.bindAddress(from, this);
                    claimed.complete(null);
                    return;
                }
                if (first) {
                    first = false;
                    pause(60);
                }
                mux.sendFromLoop(0, (b, o, l) -> l, mux.pathTo(from), buf, off, len);
            }

            @Override
            public void onTick() {
            }
        };
        Loopback.onLoop(mux, () -> mux.register("slowUfrag", slowFirst));
        send(client, bindingRequest("slowUfrag:peer"));
        Loopback.await("the client's address claimed", claimed::isDone);
        CountDownLatch allSent = new CountDownLatch(1);
        mux.eventLoop().execute(() -> {
            try {
                allSent.await(Loopback.WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        for (int i = 0; i < n; i++) {
            send(client, datagram(0x80, 100)); // in the socket's buffer when send returns (loopback)
        }
        allSent.countDown();
        for (int i = 0; i < n; i++) {
            Loopback.receive(client);
        }
        Loopback.await("every forwarded copy counted", () -> mux.forwardingDelay(0).snapshot().count() == n);
        long[] counts = mux.forwardingDelay(0).snapshot().counts();
        double[] bounds = ForwardingDelay.upperBoundsSeconds();
        long over50ms = 0;
        for (int b = 0; b < counts.length; b++) {
            if (b == bounds.length || bounds[b] > 0.05) {
                over50ms += counts[b];
            }
        }
        // Timed from their read, all five waited for the first one's routing; timed from their turn on the
        // loop, only the first would have.
        assertThat(over50ms).as("copies counted as delayed more than 50 ms: %s", Arrays.toString(counts)).isEqualTo(n);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // --- sending ------------------------------------------------------------------------------------

    @Test
    void sendDeliversFromThePortAndTheCallerMayReuseItsBufferAtOnce() throws Exception {
        byte[] buf = datagram(0x80, 120);
        byte[] expected = Arrays.copyOfRange(buf, 10, 110);
        InetSocketAddress to = clientAddress();

        Loopback.onLoop(mux, () -> {
            mux.send(to, buf, 10, 100);
            Arrays.fill(buf, (byte) 0); // reused by the caller as soon as send returns
        });

        DatagramPacket in = Loopback.receive(client);
        assertThat(Arrays.copyOf(in.getData(), in.getLength())).isEqualTo(expected);
        assertThat(in.getPort()).isEqualTo(mux.port());
    }

    @Test
    void everyDatagramAReadBatchCausesIsSentWhateverTheBatchSize() throws Exception {
        // One incoming datagram fanned out to more destinations than one flush batch holds: the writes
        // past SEND_BATCH are flushed on the way, the rest when the read batch completes.
        RecordingTransport t = boundToClient("srvUfrag");
        int fanOut = UdpPortMux.SEND_BATCH * 2 + 5;
        t.echo = fanOut;

        send(client, datagram(0x80, 100));

        for (int i = 0; i < fanOut; i++) {
            DatagramPacket in = Loopback.receive(client);
            assertThat(in.getData()[1]).as("echo %d in order", i).isEqualTo((byte) i);
        }
    }

    @Test
    void datagramsArrivingFasterThanOneReadTakesAreAllRoutedInOrder() throws Exception {
        // More datagrams than one batched read (recvmmsg) takes, sent back to back.
        RecordingTransport t = boundToClient("srvUfrag");
        int count = UdpPortMux.RECEIVE_BATCH * 4;
        for (int i = 0; i < count; i++) {
            byte[] d = datagram(0x80, 60 + i);
            d[1] = (byte) i;
            send(client, d);
        }
        for (int i = 0; i < count; i++) {
            RecordingTransport.Received r = t.next();
            assertThat(r.bytes()).hasSize(60 + i);
            assertThat(r.bytes()[1]).isEqualTo((byte) i);
        }
    }

    @Test
    void sendsFromOneTaskAreFlushedTogetherAfterIt() throws Exception {
        InetSocketAddress to = clientAddress();
        Loopback.onLoop(mux, () -> {
            for (int i = 0; i < 10; i++) {
                byte[] d = datagram(0x80, 50);
                d[1] = (byte) i;
                mux.send(to, d, 0, d.length);
            }
        });
        for (int i = 0; i < 10; i++) {
            assertThat(Loopback.receive(client).getData()[1]).isEqualTo((byte) i);
        }
    }

    @Test
    void closingThePortFreesIt() throws Exception {
        int port = mux.port();

        mux.close();

        try (DatagramSocket reuse = new DatagramSocket(Loopback.address(port))) {
            assertThat(reuse.getLocalPort()).isEqualTo(port);
        }
    }

    /** Records what the port routes to it; runs on the port's loop. */
    static final class RecordingTransport implements MuxedTransport {
        record Received(PacketKind kind, byte[] bytes, InetSocketAddress from, int headroom) {
        }

        final LinkedBlockingQueue<Received> received = new LinkedBlockingQueue<>();
        final CompletableFuture<Void> ticked = new CompletableFuture<>();
        private final UdpPortMux mux;
        volatile boolean claimAddressOnStun = true;
        volatile RuntimeException failWith;
        /** How many copies of each non-STUN datagram to send back to its sender (a fan-out). */
        volatile int echo;

        RecordingTransport(UdpPortMux mux) {
            this.mux = mux;
        }

        @Override
        public void onDatagram(PacketKind kind, byte[] buf, int off, int len, InetSocketAddress from) {
            received.add(new Received(kind, Arrays.copyOfRange(buf, off, off + len), from, buf.length - off - len));
            if (kind == PacketKind.STUN && claimAddressOnStun) {
                mux.bindAddress(from, this);
            }
            if (kind != PacketKind.STUN) {
                for (int i = 0; i < echo; i++) {
                    byte[] d = Arrays.copyOfRange(buf, off, off + len);
                    d[1] = (byte) i;
                    mux.send(from, d, 0, d.length);
                }
            }
            if (failWith != null) {
                throw failWith;
            }
        }

        @Override
        public void onTick() {
            ticked.complete(null);
            if (failWith != null) {
                throw failWith;
            }
        }

        Received next() throws InterruptedException {
            Received r = received.poll(Loopback.WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(r).as("a datagram routed to the transport within %s", Loopback.WAIT).isNotNull();
            return r;
        }
    }
}
