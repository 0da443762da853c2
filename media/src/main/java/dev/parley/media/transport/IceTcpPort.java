package dev.parley.media.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP media port: passive ICE-TCP candidates (RFC 6544) with RFC 4571 framing, feeding the same
 * transports as the {@link UdpPortMux}. Connections run on the mux's event loop, so the transports see
 * TCP frames on the thread that owns them, as they see datagrams.
 *
 * <p>Hardening (docs/SECURITY.md): connections capped in total and per address, each connection's input
 * held in one frame-sized buffer, its output bounded by a write-buffer water mark (beyond it packets drop),
 * and a connection that has not carried a valid ICE check within {@link IceTcpLimits#checkTimeout()} closed.
 */
public final class IceTcpPort implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IceTcpPort.class);

    private final UdpPortMux mux;
    private final IceTcpLimits limits;
    private final UdpPortMux.ErrorListener errors;
    private final Map<InetAddress, Integer> perAddress = new HashMap<>();
    private int connections;
    private volatile int connectionCount;
    private Channel channel;

    private final LongAdder refused = new LongAdder();
    private final LongAdder checkTimeouts = new LongAdder();
    private final LongAdder unrouted = new LongAdder();
    private final LongAdder writeDrops = new LongAdder();

    private IceTcpPort(UdpPortMux mux, IceTcpLimits limits, UdpPortMux.ErrorListener errors) {
        this.mux = mux;
        this.limits = limits;
        this.errors = errors;
    }

    /** Listens on {@code address}, serving the transports of {@code mux} on its loop. */
    public static IceTcpPort bind(UdpPortMux mux, InetSocketAddress address, IceTcpLimits limits,
                                  UdpPortMux.ErrorListener errors) throws InterruptedException {
        IceTcpPort port = new IceTcpPort(mux, limits, errors);
        boolean epoll = mux.eventLoop().parent() instanceof EpollEventLoopGroup;
        Class<? extends ServerChannel> type = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        port.channel = new ServerBootstrap()
                .group(mux.eventLoop(), mux.eventLoop())
                .channel(type)
                .option(ChannelOption.SO_BACKLOG, 256)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(limits.maxPendingWriteBytes() / 2, limits.maxPendingWriteBytes()))
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        port.admit(ch);
                    }
                })
                .bind(address).sync().channel();
        log.info("media port listening on tcp {} (ICE-TCP, RFC 6544)", port.channel.localAddress());
        return port;
    }

    private void admit(Channel ch) {
        InetAddress ip = ((InetSocketAddress) ch.remoteAddress()).getAddress();
        int fromIp = perAddress.getOrDefault(ip, 0);
        if (connections >= limits.maxConnections() || fromIp >= limits.maxConnectionsPerIp()) {
            refused.increment();
            log.debug("ICE-TCP connection from {} refused: {} open, {} from that address", ip, connections, fromIp);
            ch.close();
            return;
        }
        connections++;
        connectionCount = connections;
        perAddress.put(ip, fromIp + 1);
        ch.closeFuture().addListener(f -> {
            connections--;
            connectionCount = connections;
            perAddress.computeIfPresent(ip, (k, n) -> n <= 1 ? null : n - 1);
        });
        ch.pipeline().addLast("ice-tcp", new IceTcpConnection(this));
    }

    UdpPortMux mux() {
        return mux;
    }

    IceTcpLimits limits() {
        return limits;
    }

    void fatal(Throwable error) {
        log.error("error on the TCP media port", error);
        errors.onError(error);
    }

    void countCheckTimeout() {
        checkTimeouts.increment();
    }

    void countUnrouted() {
        unrouted.increment();
    }

    void countWriteDrop() {
        writeDrops.increment();
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Connections open now; safe to read from any thread. */
    public int connectionCount() {
        return connectionCount;
    }

    /** Connections refused at accept by the total or per-address cap. */
    public long refusedConnections() {
        return refused.sum();
    }

    /** Connections closed because no valid ICE check came in time. */
    public long checkTimeouts() {
        return checkTimeouts.sum();
    }

    /** Connections closed because their first frame was not a STUN request naming a known ufrag. */
    public long unroutedConnections() {
        return unrouted.sum();
    }

    /** Packets dropped because a connection's peer did not read fast enough. */
    public long writeDrops() {
        return writeDrops.sum();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
    }
}
