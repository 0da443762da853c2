package dev.parley.media.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.parley.media.stun.MessageIntegrity;
import dev.parley.media.stun.StunMessageBuilder;
import dev.parley.media.stun.StunMessageType;
import dev.parley.media.stun.TransactionId;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The media port on two native epoll loops, one socket each on the same port (SO_REUSEPORT), with real
 * loopback sockets: whichever socket the kernel gives a datagram to, it is routed on the first loop, once;
 * RTP given to the second loop is protected there, with the transport's protector, and leaves from the
 * shared port in order; transports are spread over the loops.
 */
class UdpPortMuxLoopsTest {
    private static EpollEventLoopGroup group;
    private static Thread firstLoop;
    private static Thread secondLoop;

    private final Random random = new Random(2);
    private UdpPortMux mux;
    private final List<DatagramSocket> clients = new ArrayList<>();

    @BeforeAll
    static void startLoops() throws Exception {
        assumeTrue(Epoll.isAvailable(), "SO_REUSEPORT loops need Netty's native epoll transport (Linux)");
        group = new EpollEventLoopGroup(2, new DefaultThreadFactory("udp-loops-test", true));
        List<Thread> threads = new ArrayList<>();
        for (EventExecutor e : group) {
            threads.add(e.submit(Thread::currentThread).get(10, TimeUnit.SECONDS));
        }
        firstLoop = threads.get(0);
        secondLoop = threads.get(1);
    }

    @AfterAll
    static void stopLoops() {
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @BeforeEach
    void bind() throws Exception {
        mux = UdpPortMux.bind(group, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                Loopback.STUN_UFRAG, error -> { }, 2);
    }

    @AfterEach
    void close() {
        clients.forEach(DatagramSocket::close);
        if (mux != null) {
            mux.close();
        }
    }

    private DatagramSocket client() throws Exception {
        DatagramSocket s = Loopback.socket();
        s.setReceiveBufferSize(4 * 1024 * 1024);
        clients.add(s);
        return s;
    }

    private void send(DatagramSocket from, byte[] d) throws Exception {
        from.send(new DatagramPacket(d, d.length, Loopback.address(mux.port())));
    }

    private byte[] bindingRequest(String username) {
        return new StunMessageBuilder(StunMessageType.BINDING_REQUEST, TransactionId.random(random))
                .username(username).priority(0x6E7F00FFL).iceControlling(random.nextLong()).useCandidate()
                .messageIntegrity(MessageIntegrity.shortTerm("any-password-the-mux-never-checks"))
                .fingerprint().build();
    }

    /** Records each RTP-like datagram's (client, counter) and whether it was handled on the first loop. */
    private static final class CountingTransport implements MuxedTransport {
        final UdpPortMux mux;
        final Set<Long> seen = ConcurrentHashMap.newKeySet();
        final Set<InetSocketAddress> claimed = ConcurrentHashMap.newKeySet();
        final AtomicInteger media = new AtomicInteger();
        final AtomicInteger duplicates = new AtomicInteger();
        final AtomicInteger offLoop = new AtomicInteger();

        CountingTransport(UdpPortMux mux) {
            this.mux = mux;
        }

        @Override
        public void onDatagram(PacketKind kind, byte[] buf, int off, int len, InetSocketAddress from) {
            if (Thread.currentThread() != firstLoop) {
                offLoop.incrementAndGet();
            }
            if (kind == PacketKind.STUN) {
                mux.bindAddress(from, this);
                claimed.add(from);
                return;
            }
            long id = ((long) from.getPort() << 32) | ((buf[off + 2] & 0xFF) << 8) | (buf[off + 3] & 0xFF);
            if (!seen.add(id)) {
                duplicates.incrementAndGet();
            }
            media.incrementAndGet();
        }

        @Override
        public void onTick() {
        }
    }

    /** What a publication does with each media datagram, on the first loop while it routes it. */
    private interface MediaHandler {
        void onMedia(byte[] buf, int off, int len);
    }

    /** A transport for {@code publisher}'s media, its address claimed by a first check, as a publisher's is. */
    private void forwardFrom(DatagramSocket publisher, MediaHandler onMedia) throws Exception {
        AtomicBoolean claimed = new AtomicBoolean();
        MuxedTransport forwarder = new MuxedTransport() {
            @Override
            public void onDatagram(PacketKind kind, byte[] buf, int off, int len, InetSocketAddress from) {
                if (kind == PacketKind.STUN) {
                    mux.bindAddress(from, this);
                    claimed.set(true);
                } else {
                    onMedia.onMedia(buf, off, len);
                }
            }

            @Override
            public void onTick() {
            }
        };
        Loopback.onLoop(mux, () -> mux.register("forwarderUfrag", forwarder));
        send(publisher, bindingRequest("forwarderUfrag:peer"));
        Loopback.await("the publisher's address claimed", claimed::get);
    }

    @Test
    void whicheverLoopsSocketReadsADatagramItIsRoutedOnceOnTheFirstLoop() throws Exception {
        assertThat(mux.loops()).isEqualTo(2);
        CountingTransport t = new CountingTransport(mux);
        Loopback.onLoop(mux, () -> mux.register("loopsUfrag", t));
        int senders = 32;
        int each = 50;
        for (int c = 0; c < senders; c++) {
            DatagramSocket s = client();
            send(s, bindingRequest("loopsUfrag:peer"));
        }
        // Every sender's check has claimed its address before its media is sent (the kernel may pick
        // either socket for each sender, and a datagram from a not yet claimed address is dropped).
        Loopback.await("every sender's address claimed", () -> t.claimed.size() == senders);
        for (DatagramSocket s : clients) {
            for (int i = 0; i < each; i++) {
                byte[] d = new byte[100];
                d[0] = (byte) 0x80;
                d[2] = (byte) (i >>> 8);
                d[3] = (byte) i;
                send(s, d);
            }
        }
        Loopback.await("all media routed", () -> t.media.get() == senders * each);
        assertThat(t.seen).hasSize(senders * each);
        assertThat(t.duplicates.get()).isZero();
        assertThat(t.offLoop.get()).as("datagrams handled off the first loop").isZero();
        // 32 source ports hashed over two sockets: both read some (all on one: probability 2^-31).
        assertThat(mux.datagramsReceived(1)).as("read by the second loop's socket").isPositive();
        assertThat(mux.datagramsReceived(0)).as("read by the first loop's socket").isPositive();
        assertThat(mux.datagramsReceived()).isEqualTo(senders * (each + 1L));
        assertThat(mux.droppedHandOff()).isZero();
    }

    @Test
    void garbageIsDroppedByWhicheverLoopReadItAndCounted() throws Exception {
        for (int c = 0; c < 32; c++) {
            send(client(), new byte[] {(byte) 0xFF, 1, 2, 3}); // RFC 7983: no protocol starts with 255
        }
        Loopback.await("all 32 counted", () -> mux.droppedUnclassified() == 32);
        assertThat(mux.datagramsReceived(1)).as("some read by the second loop").isPositive();
        assertThat(mux.droppedHandOff()).isZero();
    }

    @Test
    void rtpGivenToTheSecondLoopIsProtectedThereAndLeavesFromTheSharedPortInOrder() throws Exception {
        DatagramSocket client = client();
        InetSocketAddress to = (InetSocketAddress) client.getLocalSocketAddress();
        Set<Thread> protectedOn = ConcurrentHashMap.newKeySet();
        PacketProtector tag = (buf, off, len) -> {
            protectedOn.add(Thread.currentThread());
            Arrays.fill(buf, off + len, off + len + 4, (byte) 0xEE); // a stand-in for the SRTP tag
            return len + 4;
        };
        int n = 2000;
        Loopback.onLoop(mux, () -> {
            byte[] buf = new byte[200 + UdpPortMux.HEADROOM];
            for (int i = 0; i < n; i++) {
                buf[0] = (byte) 0x80;
                buf[2] = (byte) (i >>> 8);
                buf[3] = (byte) i;
                mux.sendFromLoop(1, tag, mux.pathTo(to), buf, 0, 200);
                buf[2] = 0; // the caller may reuse its buffer at once: the ring took a copy
            }
        });
        for (int i = 0; i < n; i++) {
            DatagramPacket p = Loopback.receive(client);
            assertThat(p.getPort()).as("source port").isEqualTo(mux.port());
            assertThat(p.getLength()).isEqualTo(204);
            assertThat(((p.getData()[2] & 0xFF) << 8) | (p.getData()[3] & 0xFF)).as("packet in order").isEqualTo(i);
            assertThat(p.getData()[203]).isEqualTo((byte) 0xEE);
        }
        assertThat(protectedOn).containsExactly(secondLoop);
        assertThat(mux.droppedHandOff()).isZero();
        assertThat(mux.datagramsSent(1)).isEqualTo(n);
        assertThat(mux.datagramsSent(0)).isZero();

        Loopback.onLoop(mux, () -> mux.sendFromLoop(0, tag, mux.pathTo(to), new byte[100 + UdpPortMux.HEADROOM],
                0, 100));
        assertThat(Loopback.receive(client).getLength()).isEqualTo(104);
        assertThat(protectedOn).containsExactlyInAnyOrder(firstLoop, secondLoop);
    }

    @Test
    void aForwardedPacketsDelayIsCountedOnTheLoopThatSentItAndATimersSendIsNot() throws Exception {
        DatagramSocket publisher = client();
        DatagramSocket viaFirst = client();
        DatagramSocket viaSecond = client();
        PacketProtector plain = (buf, off, len) -> len;
        forwardFrom(publisher, (buf, off, len) -> {
            // what a publication does for two subscriptions given different loops
            mux.sendFromLoop(1, plain, mux.pathTo((InetSocketAddress) viaSecond.getLocalSocketAddress()), buf,
                    off, len);
            mux.sendFromLoop(0, plain, mux.pathTo((InetSocketAddress) viaFirst.getLocalSocketAddress()), buf,
                    off, len);
        });
        int n = 100;
        for (int i = 0; i < n; i++) {
            byte[] d = new byte[120];
            d[0] = (byte) 0x80;
            send(publisher, d);
        }
        for (int i = 0; i < n; i++) {
            Loopback.receive(viaFirst);
            Loopback.receive(viaSecond);
        }
        Loopback.await("both loops counted every forwarded packet", () -> mux.forwardingDelay(0).snapshot().count() == n
                && mux.forwardingDelay(1).snapshot().count() == n);
        assertThat(mux.forwardingDelay(0).snapshot().sumSeconds()).isPositive();
        assertThat(mux.forwardingDelay(1).snapshot().sumSeconds()).isPositive();

        // RTP a timer sends (a probe, a retransmission) was caused by no read: it has no forwarding delay.
        Loopback.onLoop(mux, () -> {
            mux.sendFromLoop(1, plain, mux.pathTo((InetSocketAddress) viaSecond.getLocalSocketAddress()),
                    new byte[50 + UdpPortMux.HEADROOM], 0, 50);
            mux.sendFromLoop(0, plain, mux.pathTo((InetSocketAddress) viaFirst.getLocalSocketAddress()),
                    new byte[50 + UdpPortMux.HEADROOM], 0, 50);
        });
        assertThat(Loopback.receive(viaSecond).getLength()).isEqualTo(50);
        assertThat(Loopback.receive(viaFirst).getLength()).isEqualTo(50);
        assertThat(mux.forwardingDelay(0).snapshot().count()).isEqualTo(n);
        assertThat(mux.forwardingDelay(1).snapshot().count()).isEqualTo(n);
    }

    @Test
    void packetsTheSecondLoopProtectsForAnIceTcpPathAreWrittenOnTheFirstLoopInOrder() throws Exception {
        List<byte[]> written = java.util.Collections.synchronizedList(new ArrayList<>());
        Set<Thread> writtenOn = ConcurrentHashMap.newKeySet();
        MediaPath tcpLike = new MediaPath() { // what IceTcpConnection is: owned by the first loop
            @Override
            public InetSocketAddress remote() {
                return Loopback.address(9);
            }

            @Override
            public void send(byte[] buf, int off, int len) {
                writtenOn.add(Thread.currentThread());
                written.add(Arrays.copyOfRange(buf, off, off + len));
            }

            @Override
            public String protocol() {
                return "tcp";
            }
        };
        Set<Thread> protectedOn = ConcurrentHashMap.newKeySet();
        PacketProtector tag = (buf, off, len) -> {
            protectedOn.add(Thread.currentThread());
            Arrays.fill(buf, off + len, off + len + 4, (byte) 0xEE);
            return len + 4;
        };
        // Within the hand-back ring (1,024): the first loop drains it only once this task of its own is done.
        int n = SendingLoop.TCP_SLOTS - 24;
        Loopback.onLoop(mux, () -> {
            byte[] buf = new byte[300 + UdpPortMux.HEADROOM];
            for (int i = 0; i < n; i++) {
                buf[0] = (byte) 0x80;
                buf[2] = (byte) (i >>> 8);
                buf[3] = (byte) i;
                mux.sendFromLoop(1, tag, tcpLike, buf, 0, 300);
            }
        });
        Loopback.await("every packet written", () -> written.size() + mux.droppedHandOff() == n);
        assertThat(mux.droppedHandOff()).isZero();
        assertThat(protectedOn).containsExactly(secondLoop);
        assertThat(writtenOn).containsExactly(firstLoop);
        for (int i = 0; i < n; i++) {
            byte[] p = written.get(i);
            assertThat(p).hasSize(304);
            assertThat(((p[2] & 0xFF) << 8) | (p[3] & 0xFF)).as("packet in order").isEqualTo(i);
            assertThat(p[303]).isEqualTo((byte) 0xEE);
        }
    }

    @Test
    void aPacketItsProtectorRefusesIsDroppedAndCountedAndTheLoopGoesOn() throws Exception {
        DatagramSocket client = client();
        InetSocketAddress to = (InetSocketAddress) client.getLocalSocketAddress();
        PacketProtector failing = (buf, off, len) -> {
            throw new IllegalStateException("SRTP index exhausted");
        };
        PacketProtector plain = (buf, off, len) -> len;
        Loopback.onLoop(mux, () -> {
            mux.sendFromLoop(1, failing, mux.pathTo(to), new byte[100 + UdpPortMux.HEADROOM], 0, 100);
            mux.sendFromLoop(1, plain, mux.pathTo(to), new byte[50 + UdpPortMux.HEADROOM], 0, 50);
        });
        assertThat(Loopback.receive(client).getLength()).isEqualTo(50);
        assertThat(mux.droppedHandOff()).isEqualTo(1);
    }

    @Test
    void transportsAreSpreadOverTheLoopsTheFirstWhichAlsoRoutesTakingFewer() throws Exception {
        List<Integer> given = Loopback.onLoop(mux, () -> {
            List<Integer> loops = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                loops.add(mux.assignLoop());
            }
            return loops;
        });
        // Two loops: the first's share f = (1 - r) / 2 with r = LoopBalance.ROUTING_SHARE (0.05): 47.5 %.
        assertThat(given.stream().filter(l -> l == 0).count()).isBetween(47L, 48L);
        assertThat(given.subList(0, 2)).as("the first two on different loops").containsExactlyInAnyOrder(0, 1);
        int next = Loopback.onLoop(mux, () -> {
            for (int l : given) {
                mux.releaseLoop(l);
            }
            return mux.assignLoop();
        });
        assertThat(next).as("after every release the spread starts again").isEqualTo(1);
    }

    @Test
    void aPacketHandedToAnotherLoopIsHandledThereOnceAndWhatItSendsLeavesFromThatLoop() throws Exception {
        DatagramSocket subscriber = client();
        List<String> handled = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Thread> on = new java.util.concurrent.CopyOnWriteArrayList<>();
        PacketProtector plain = (buf, off, len) -> len;
        MediaPath path = mux.pathTo((InetSocketAddress) subscriber.getLocalSocketAddress());
        mux.forwardHandler((buf, len, attachment, meta, meta2) -> {
            on.add(Thread.currentThread());
            if (meta == 2) {
                throw new IllegalStateException("a subscription's bug"); // logged; the next packet still goes
            }
            handled.add(attachment + "/" + meta + "/" + meta2 + "/" + len + "/" + buf[len - 1]);
            byte[] out = java.util.Arrays.copyOf(buf, len + UdpPortMux.HEADROOM);
            mux.sendFromLoop(1, plain, path, out, 0, len); // on loop 1: protected and sent at once, from it
        });
        byte[] packet = new byte[300];
        packet[0] = (byte) 0x80;
        Loopback.onLoop(mux, () -> {
            for (int i = 1; i <= 3; i++) {
                packet[299] = (byte) i;
                mux.forwardToLoop(1, packet, 300, "track", i, 1000 + i); // the buffer is reused at once
            }
        });
        Loopback.await("two packets handled on the second loop", () -> handled.size() == 2 && on.size() == 3);
        assertThat(handled).containsExactly("track/1/1001/300/1", "track/3/1003/300/3");
        assertThat(on).containsOnly(secondLoop);
        for (int i = 0; i < 2; i++) {
            assertThat(Loopback.receive(subscriber).getLength()).isEqualTo(300);
        }
        assertThat(mux.datagramsSent(1)).isEqualTo(2);
        assertThat(mux.datagramsSent(0)).isZero();
    }

    @Test
    void aSecondServerOnTheSamePortIsRefusedDespiteReusePort() {
        assertThatThrownBy(() -> UdpPortMux.bind(group, Loopback.address(mux.port()), (b, o, l) -> null,
                error -> { }, 2)).isInstanceOf(IllegalStateException.class).hasMessageContaining("media port");
        assertThatThrownBy(() -> new DatagramSocket(Loopback.address(mux.port()))).isInstanceOf(Exception.class);
    }

    @Test
    void nioRunsThePortOnOneLoop() throws Exception {
        NioEventLoopGroup nio = new NioEventLoopGroup(2, new DefaultThreadFactory("udp-loops-nio", true));
        try (UdpPortMux one = UdpPortMux.bind(nio, Loopback.address(0), (b, o, l) -> null, error -> { }, 2)) {
            assertThat(one.loops()).isEqualTo(1);
            assertThat(Loopback.onLoop(one, () -> one.assignLoop())).isZero();
        } finally {
            nio.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void aLoopCountBelowOneIsRefused() {
        assertThatThrownBy(() -> UdpPortMux.bind(group, Loopback.address(0), (b, o, l) -> null, error -> { }, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
