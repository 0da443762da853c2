package dev.parley.media.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** JVM errors on the port's loop reach the owner's listener, and the port keeps working for the rest. */
class UdpPortMuxErrorListenerTest {
    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final LinkedBlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private UdpPortMux bind() throws Exception {
        return UdpPortMux.bind(group, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                (buf, off, len) -> "ufrag", errors::add);
    }

    @Test
    void anErrorWhileHandlingADatagramReachesTheListenerAndTheNextDatagramStillArrives() throws Exception {
        UdpPortMux mux = bind();
        LinkedBlockingQueue<Integer> delivered = new LinkedBlockingQueue<>();
        MuxedTransport t = new MuxedTransport() {
            @Override
            public void onDatagram(PacketKind kind, byte[] buf, int off, int len, InetSocketAddress from) {
                if (buf[off + 1] == 1) {
                    throw new OutOfMemoryError("Java heap space");
                }
                delivered.add((int) buf[off + 1]);
            }

            @Override
            public void onTick() {
            }
        };
        mux.eventLoop().submit(() -> mux.register("ufrag", t)).get(5, TimeUnit.SECONDS);
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), mux.port());
            s.send(new DatagramPacket(new byte[] {0, 1, 0, 0}, 4, to)); // first byte 0: STUN (RFC 7983)
            s.send(new DatagramPacket(new byte[] {0, 2, 0, 0}, 4, to));

            assertThat(errors.poll(5, TimeUnit.SECONDS)).isInstanceOf(OutOfMemoryError.class);
            assertThat(delivered.poll(5, TimeUnit.SECONDS)).isEqualTo(2);
        } finally {
            mux.close();
        }
    }

    @Test
    void anErrorInATransportsTickReachesTheListenerAndTheTickGoesOn() throws Exception {
        UdpPortMux mux = bind();
        CompletableFuture<Void> tickedAgain = new CompletableFuture<>();
        int[] ticks = {0};
        MuxedTransport t = new MuxedTransport() {
            @Override
            public void onDatagram(PacketKind kind, byte[] buf, int off, int len, InetSocketAddress from) {
            }

            @Override
            public void onTick() {
                if (++ticks[0] == 1) {
                    throw new StackOverflowError();
                }
                tickedAgain.complete(null);
            }
        };
        mux.eventLoop().submit(() -> mux.register("ufrag", t)).get(5, TimeUnit.SECONDS);
        try {
            assertThat(errors.poll(5, TimeUnit.SECONDS)).isInstanceOf(StackOverflowError.class);
            tickedAgain.get(5, TimeUnit.SECONDS);
        } finally {
            mux.close();
        }
    }

    @Test
    void guardedPeriodicWorkKeepsRunningAfterABugAndReportsAnError() throws Exception {
        UdpPortMux mux = bind();
        java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
        try {
            mux.eventLoop().submit(() -> {
                mux.runGuarded("a buggy task", () -> {
                    runs.incrementAndGet();
                    throw new IllegalStateException("a bug");
                });
                mux.runGuarded("a broken JVM", () -> {
                    throw new StackOverflowError();
                });
                mux.runGuarded("a healthy task", runs::incrementAndGet);
            }).get(5, TimeUnit.SECONDS); // nothing escaped: the loop's task completed

            assertThat(runs).hasValue(2);
            assertThat(errors.poll(5, TimeUnit.SECONDS)).isInstanceOf(StackOverflowError.class);
            assertThat(errors).isEmpty(); // the RuntimeException is only logged
        } finally {
            mux.close();
        }
    }
}
