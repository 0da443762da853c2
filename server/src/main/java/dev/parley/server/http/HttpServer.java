package dev.parley.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.server.auth.DevApp;
import dev.parley.server.config.ServerLimits;
import dev.parley.server.signal.CloseCode;
import dev.parley.server.health.FatalErrorMonitor;
import dev.parley.server.health.FaultInjection;
import dev.parley.server.signal.SignalSession;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP/WebSocket listener. The pipeline of each connection is built in order by
 * {@link HttpChannelInitializer}; what each handler bounds is in docs/ARCHITECTURE.md and docs/SECURITY.md.
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);
    /**
     * The largest WebSocket frame and message; frames between {@link SignalSession#MAX_FRAME_CHARS} and this get
     * an error reply, larger ones close the connection with 1009.
     */
    static final int MAX_WS_MESSAGE_BYTES = 1024 * 1024;
    /** Room for a response's head beside the largest static file, in the unsent-bytes bound. */
    private static final int RESPONSE_HEAD_ALLOWANCE = 16 * 1024;
    private static final Duration GOODBYE_TIMEOUT = Duration.ofSeconds(2);

    private final Channel channel;
    private final ConnectionLimiter limiter;
    private final ChannelGroup webSockets;
    private final StaticContent content;

    private HttpServer(Channel channel, ConnectionLimiter limiter, ChannelGroup webSockets, StaticContent content) {
        this.channel = channel;
        this.limiter = limiter;
        this.webSockets = webSockets;
        this.content = content;
    }

    /**
     * @param endpoints the operations endpoints by path prefix ({@code /api/v1/}, {@code /metrics})
     * @param tls HTTPS and WSS on this port, when present
     */
    public static HttpServer start(EventLoopGroup group, String bind, int port, ObjectMapper json,
                                   Optional<DevApp> devApp, Supplier<Map<String, Object>> health,
                                   Function<SignalSession.Outbox, SignalSession> sessions,
                                   Duration heartbeatTimeout, ServerLimits limits, FatalErrorMonitor fatalErrors,
                                   Optional<FaultInjection> faults, Map<String, ApiEndpoint> endpoints,
                                   Optional<ServerTls> tls)
            throws InterruptedException, IOException {
        StaticContent content = StaticContent.fromClasspath(HttpServer.class.getClassLoader());
        ConnectionLimiter limiter = ConnectionLimiter.of(limits, maxConnections(limits, fileDescriptorLimit()));
        ConnectionTerms terms = ConnectionTerms.of(limits, heartbeatTimeout,
                maxPendingWriteBytes(limits, content.largestBody()));
        ChannelGroup webSockets = new DefaultChannelGroup("websockets", GlobalEventExecutor.INSTANCE);
        Class<? extends ServerChannel> type = Epoll.isAvailable()
                ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        Channel ch = new ServerBootstrap()
                .group(group)
                .channel(type)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        OutboundBackpressure.waterMark(terms.maxPendingWriteBytes()))
                .childHandler(new HttpChannelInitializer(limiter, terms, content, devApp, json, health, sessions,
                        webSockets, fatalErrors, faults, endpoints, tls))
                .bind(new InetSocketAddress(bind, port)).sync().channel();
        log.info("HTTP port {}: {} static files, at most {} connections ({} per address), {} not joined to a room "
                        + "({} per address), {} bytes unsent per connection", ((InetSocketAddress) ch.localAddress())
                        .getPort(), content.size(), limiter.maxConnections(), limits.maxConnectionsPerIp(),
                limits.maxUnjoined(), limits.maxUnjoinedPerIp(), terms.maxPendingWriteBytes());
        return new HttpServer(ch, limiter, webSockets, content);
    }

    /**
     * The connection cap: the configured one, or one derived from the file-descriptor limit, and never more
     * than that limit allows, so that accept() cannot fail with EMFILE (which stalls every new client).
     */
    static int maxConnections(ServerLimits limits, long fdLimit) {
        int derived = limits.effectiveMaxConnections(fdLimit);
        int fdBound = ServerLimits.DEFAULT.effectiveMaxConnections(fdLimit); // DEFAULT derives it from fdLimit
        if (limits.maxConnections() > 0 && fdLimit > 0 && derived > fdBound) {
            log.warn("limits.maxConnections {} is more than the file-descriptor limit {} allows: using {}",
                    derived, fdLimit, fdBound);
            return fdBound;
        }
        return derived;
    }

    /**
     * The unsent-bytes bound: the configured one, but at least one response of the largest static file, which
     * is written whole (its bytes come from the fixed table, so this is a constant known at start).
     */
    static long maxPendingWriteBytes(ServerLimits limits, int largestStaticBody) {
        long needed = (long) largestStaticBody + RESPONSE_HEAD_ALLOWANCE;
        if (limits.maxPendingWriteBytes() >= needed) {
            return limits.maxPendingWriteBytes();
        }
        log.info("limits.maxPendingWriteBytes {} is less than the largest static file needs: using {}",
                limits.maxPendingWriteBytes(), needed);
        return needed;
    }

    /** The process's file-descriptor limit, or -1 where the JVM cannot tell. */
    static long fileDescriptorLimit() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix
                ? unix.getMaxFileDescriptorCount() : -1;
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Connections open on the port, in any state. */
    public int connections() {
        return limiter.connections();
    }

    /** Connections that are not a joined WebSocket. */
    public int unjoinedConnections() {
        return limiter.unjoined();
    }

    /**
     * How often each connection limit was hit since start, by the limit's config key ({@code limits.*}), for
     * the metrics.
     */
    public Map<String, java.util.function.LongSupplier> limitsHit() {
        Map<String, java.util.function.LongSupplier> m = new java.util.LinkedHashMap<>();
        for (ConnectionLimiter.Refusal r : ConnectionLimiter.Refusal.values()) {
            m.put(r.key, () -> limiter.refusals(r));
        }
        m.put("maxUnjoined", limiter::evictions);
        return m;
    }

    /** Files served; fixed at start. */
    public int staticFiles() {
        return content.size();
    }

    /** Stops accepting, then tells every open WebSocket the server is going away (1001) and closes it. */
    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        List<ChannelFuture> closing = new ArrayList<>();
        for (Channel ws : webSockets) {
            closing.add(ConnectionClose.withReason(ws, CloseCode.GOING_AWAY, "server shutting down"));
        }
        long deadline = System.nanoTime() + GOODBYE_TIMEOUT.toNanos();
        for (ChannelFuture f : closing) {
            f.awaitUninterruptibly(Math.max(0, (deadline - System.nanoTime()) / 1_000_000));
        }
    }
}
