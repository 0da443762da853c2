package dev.parley.media.transport;

import static org.assertj.core.api.Assertions.fail;

import dev.parley.media.stun.StunMessage;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** What the transport tests share: loopback sockets, running on the port's loop, waiting for evidence. */
final class Loopback {
    /** Generous: a wait ends as soon as its condition holds, this only bounds a failing test. */
    static final Duration WAIT = Duration.ofSeconds(10);

    /** The router the server installs (ParleyServer): the local part of a STUN USERNAME "local:remote". */
    static final UdpPortMux.UfragRouter STUN_UFRAG =
            (buf, off, len) -> StunMessage.peekLocalUfrag(buf, off, len).orElse(null);

    private Loopback() {
    }

    /** One event loop of daemon threads named {@code name}, as the server makes it: native epoll, else NIO. */
    static EventLoopGroup oneLoop(String name) {
        DefaultThreadFactory threads = new DefaultThreadFactory(name, true);
        return Epoll.isAvailable() ? new EpollEventLoopGroup(1, threads) : new NioEventLoopGroup(1, threads);
    }

    /** The media port on an ephemeral loopback port, routing first checks by ufrag as the server does. */
    static UdpPortMux bindMux(EventLoopGroup group) throws InterruptedException {
        return UdpPortMux.bind(group, address(0), STUN_UFRAG);
    }

    static DatagramSocket socket() throws SocketException {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        s.setSoTimeout((int) WAIT.toMillis());
        return s;
    }

    static InetSocketAddress address(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    static DatagramPacket receive(DatagramSocket socket) throws Exception {
        DatagramPacket in = new DatagramPacket(new byte[2048], 2048);
        socket.receive(in);
        return in;
    }

    /** Runs on the port's loop, which owns the port and its transports, and waits for it. */
    static void onLoop(UdpPortMux mux, Runnable task) throws Exception {
        mux.eventLoop().submit(task).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    static <T> T onLoop(UdpPortMux mux, Callable<T> task) throws Exception {
        return mux.eventLoop().submit(task).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Waits until {@code condition} holds (checked every millisecond), failing after {@link #WAIT}. */
    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("not within " + WAIT + ": " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }
}
