package dev.parley.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.server.auth.DevApp;
import dev.parley.server.config.ServerLimits;
import dev.parley.server.signal.CloseCode;
import dev.parley.server.signal.SignalSession;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP/WebSocket listener: one pipeline, built in order here (Netty's initializer habit). */
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
    private final ChannelGroup webSockets;

    private HttpServer(Channel channel, ChannelGroup webSockets) {
        this.channel = channel;
        this.webSockets = webSockets;
    }

    public static HttpServer start(EventLoopGroup group, String bind, int port, ObjectMapper json,
                                   Optional<DevApp> devApp, Supplier<Map<String, Object>> health,
                                   Function<SignalSession.Outbox, SignalSession> sessions,
                                   Duration heartbeatTimeout, ServerLimits limits)
            throws InterruptedException, IOException {
        StaticContent content = StaticContent.fromClasspath(HttpServer.class.getClassLoader());
        long maxPendingWriteBytes = maxPendingWriteBytes(limits, content.largestBody());
        ChannelGroup webSockets = new DefaultChannelGroup("websockets", GlobalEventExecutor.INSTANCE);
        Class<? extends ServerChannel> type = Epoll.isAvailable()
                ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        Channel ch = new ServerBootstrap()
                .group(group)
                .channel(type)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        OutboundBackpressure.waterMark(maxPendingWriteBytes))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                        OutboundBackpressure backpressure = new OutboundBackpressure(maxPendingWriteBytes);
                        c.pipeline()
                         .addLast("backpressure", backpressure)
                         .addLast("http", new HttpServerCodec())
                         .addLast("aggregate", new HttpObjectAggregator(64 * 1024))
                         .addLast("websocket", new WebSocketServerProtocolHandler(
                                 WebSocketServerProtocolConfig.newBuilder()
                                         .websocketPath("/ws")
                                         .maxFramePayloadLength(MAX_WS_MESSAGE_BYTES)
                                         .checkStartsWith(false)
                                         // Every server close names its own code (ConnectionClose); Netty's
                                         // default would be 1000 whatever the reason.
                                         .sendCloseFrame(null)
                                         .build()))
                         .addLast("ws-aggregate", new WebSocketFrameAggregator(MAX_WS_MESSAGE_BYTES))
                         .addLast("signal", new SignalFrameHandler(sessions, heartbeatTimeout, backpressure,
                                 webSockets))
                         .addLast("content", new HttpRequestHandler(content, devApp, json, health));
                    }
                })
                .bind(new InetSocketAddress(bind, port)).sync().channel();
        return new HttpServer(ch, webSockets);
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

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
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
