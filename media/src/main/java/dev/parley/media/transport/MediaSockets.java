package dev.parley.media.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The media port's sockets: how each loop's is bound, and what becomes of a socket's errors. */
final class MediaSockets {
    private static final Logger log = LoggerFactory.getLogger(MediaSockets.class);

    private MediaSockets() {
    }

    /** Binds and closes a plain socket: 'address in use' an error, and the port an ephemeral bind got. */
    static int probeFree(InetSocketAddress address) {
        try (DatagramSocket probe = new DatagramSocket(address)) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("cannot bind the media port " + address + ": " + e.getMessage(), e);
        }
    }

    /** One loop's socket: epoll or NIO as the loop is, 4 MB buffers, batched reads, SO_REUSEPORT if asked. */
    static Channel bind(EventLoop loop, boolean epoll, InetSocketAddress address, boolean reusePort,
                        ChannelHandler reader) throws InterruptedException {
        Class<? extends DatagramChannel> type = epoll ? EpollDatagramChannel.class : NioDatagramChannel.class;
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channel(type)
                .option(ChannelOption.SO_RCVBUF, 4 * 1024 * 1024)
                .option(ChannelOption.SO_SNDBUF, 4 * 1024 * 1024);
        if (type == EpollDatagramChannel.class) {
            // Batched reads: with a datagram size set and a receive buffer holding several, Netty's epoll
            // transport reads with recvmmsg(2), up to UdpPortMux.RECEIVE_BATCH datagrams per system call. The size is
            // above MAX_DATAGRAM so that an oversized datagram is still seen (and dropped) whole, not cut.
            bootstrap.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, UdpPortMux.RECEIVE_SLOT)
                     .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(UdpPortMux.RECEIVE_SLOT * UdpPortMux.RECEIVE_BATCH));
            if (reusePort) {
                bootstrap.option(EpollChannelOption.SO_REUSEPORT, true);
            }
        }
        return bootstrap.handler(reader).bind(address).sync().channel();
    }

    static void socketError(Throwable cause, UdpPortMux.ErrorListener errors) {
        if (cause instanceof Error) {
            log.error("error on a media port's loop", cause);
            errors.onError(cause);
        } else {
            // ICMP port unreachable and the like surface here; they must not close the port.
            log.debug("media socket error: {}", cause.toString());
        }
    }
}
