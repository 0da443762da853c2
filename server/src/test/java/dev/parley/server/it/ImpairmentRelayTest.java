package dev.parley.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.it.ImpairmentRelay.Impairment;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The impairment relay with plain UDP sockets on loopback: a "server" socket echoes nothing, it only
 * counts; a "client" socket sends numbered datagrams through the relay. Time is asserted only as lower
 * bounds (a loaded machine makes things slower, never faster).
 */
class ImpairmentRelayTest {
    private DatagramSocket server;
    private DatagramSocket client;
    private ImpairmentRelay relay;

    @BeforeEach
    void sockets() throws Exception {
        server = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        server.setReceiveBufferSize(1 << 21);
        client = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        client.setReceiveBufferSize(1 << 21);
    }

    @AfterEach
    void close() {
        if (relay != null) {
            relay.close();
        }
        server.close();
        client.close();
    }

    private ImpairmentRelay relay(Impairment up, Impairment down, long seed) throws Exception {
        relay = new ImpairmentRelay((InetSocketAddress) server.getLocalSocketAddress(), up, down, seed);
        return relay;
    }

    private void send(int n, int size) throws Exception {
        InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), relay.port());
        for (int i = 0; i < n; i++) {
            byte[] d = new byte[size];
            ByteBuffer.wrap(d).putInt(i);
            client.send(new DatagramPacket(d, d.length, to));
            if (i % 50 == 49) {
                Thread.sleep(2); // keep loopback socket buffers from overflowing on a busy machine
            }
        }
    }

    /** Indices of the datagrams that reach {@code socket} until it stays quiet for {@code quietMs}. */
    private static List<Integer> receiveAll(DatagramSocket socket, int quietMs) throws Exception {
        socket.setSoTimeout(quietMs);
        List<Integer> got = new ArrayList<>();
        byte[] buf = new byte[2048];
        while (true) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                return got;
            }
            got.add(ByteBuffer.wrap(buf).getInt());
        }
    }

    @Test
    void withoutImpairmentEverythingArrivesInOrder() throws Exception {
        relay(Impairment.NONE, Impairment.NONE, 1);
        send(500, 200);
        List<Integer> got = receiveAll(server, 1000);
        assertThat(got).hasSize(500);
        assertThat(got).isSorted();
    }

    @Test
    void randomLossDropsAboutTheConfiguredShare() throws Exception {
        relay(Impairment.loss(0.10), Impairment.NONE, 42);
        send(3000, 100);
        List<Integer> got = receiveAll(server, 1000);
        double lost = 1 - got.size() / 3000.0;
        // 3000 draws at p = 0.1: the standard deviation is 0.55 %; 7..13 % is more than 5 sigma.
        assertThat(lost).isBetween(0.07, 0.13);
        assertThat(relay.uplink().lost.get()).isEqualTo(3000 - got.size());
    }

    @Test
    void theSameSeedDropsTheSamePackets() throws Exception {
        relay(Impairment.loss(0.2), Impairment.NONE, 7);
        send(400, 100);
        List<Integer> first = receiveAll(server, 800);
        relay.close();
        relay(Impairment.loss(0.2), Impairment.NONE, 7);
        send(400, 100);
        List<Integer> second = receiveAll(server, 800);
        assertThat(second).isEqualTo(first).hasSizeLessThan(400);
    }

    @Test
    void delayHoldsEveryPacketAtLeastThatLong() throws Exception {
        relay(Impairment.NONE.withDelay(Duration.ofMillis(150), Duration.ofMillis(50)), Impairment.NONE, 3);
        server.setSoTimeout(2000);
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            send(1, 100);
            server.receive(new DatagramPacket(new byte[2048], 2048));
            assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(150);
        }
        // The relay counts a packet after its send() returns, which may be after our receive() did.
        Poll.until("the relay counts 3 sent", Duration.ofSeconds(2), () -> relay.uplink().sent.get() == 3,
                () -> "sent " + relay.uplink().sent.get());
    }

    @Test
    void theBandwidthCapSpacesPacketsAndDropsWhatTheQueueCannotHold() throws Exception {
        // 1 Mbit/s with a queue deep enough for everything: 60 x 1000 bytes need at least 480 ms.
        relay(Impairment.NONE.withCap(1_000_000, Duration.ofSeconds(2)), Impairment.NONE, 5);
        long t0 = System.nanoTime();
        send(60, 1000);
        server.setSoTimeout(3000);
        for (int i = 0; i < 60; i++) {
            server.receive(new DatagramPacket(new byte[2048], 2048));
        }
        long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(elapsedMs).isGreaterThanOrEqualTo(460);
        assertThat(relay.uplink().queueDrops.get()).isZero();
        relay.close();

        // The same burst into a 50 ms queue: about 50 ms x 1 Mbit/s = 6 packets fit, the rest is tail-dropped.
        relay(Impairment.NONE.withCap(1_000_000, Duration.ofMillis(50)), Impairment.NONE, 5);
        send(60, 1000);
        List<Integer> got = receiveAll(server, 800);
        assertThat(got.size()).isBetween(5, 40);
        assertThat(relay.uplink().queueDrops.get()).isEqualTo(60 - got.size());
    }

    @Test
    void answersGoBackToTheClientThroughItsOwnMapping() throws Exception {
        relay(Impairment.NONE, Impairment.loss(0.5), 11);
        send(1, 100);
        DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
        server.setSoTimeout(2000);
        server.receive(p);
        SocketAddress relayed = p.getSocketAddress();
        for (int i = 0; i < 400; i++) {
            byte[] d = new byte[100];
            ByteBuffer.wrap(d).putInt(i);
            server.send(new DatagramPacket(d, d.length, relayed));
        }
        List<Integer> got = receiveAll(client, 800);
        assertThat(got.size()).isBetween(140, 260); // 50 % of 400, +- 6 sigma
        assertThat(got).isSorted();
        assertThat(relay.downlink().lost.get()).isEqualTo(400 - got.size());
    }

    @Test
    void eachClientHasItsOwnLinkSoOneFullQueueDoesNotDropAnothersPackets() throws Exception {
        // 1 Mbit/s with a 50 ms queue toward the clients: a burst to one client overflows its queue only.
        relay(Impairment.NONE, Impairment.NONE.withCap(1_000_000, Duration.ofMillis(50)), 13);
        try (DatagramSocket other = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), relay.port());
            client.send(new DatagramPacket(new byte[] {0, 0, 0, 1}, 4, to));
            other.send(new DatagramPacket(new byte[] {0, 0, 0, 2}, 4, to));
            SocketAddress[] relayed = new SocketAddress[3];
            server.setSoTimeout(2000);
            for (int i = 0; i < 2; i++) {
                DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
                server.receive(p);
                relayed[ByteBuffer.wrap(p.getData()).getInt()] = p.getSocketAddress();
            }
            for (int i = 0; i < 60; i++) {
                byte[] d = new byte[1000];
                ByteBuffer.wrap(d).putInt(i);
                server.send(new DatagramPacket(d, d.length, relayed[1]));
            }
            for (int i = 0; i < 5; i++) {
                byte[] d = new byte[100];
                ByteBuffer.wrap(d).putInt(i);
                server.send(new DatagramPacket(d, d.length, relayed[2]));
            }
            assertThat(receiveAll(other, 800)).containsExactly(0, 1, 2, 3, 4);
            assertThat(receiveAll(client, 200).size()).isBetween(5, 40);
        }
    }
}
