package dev.parley.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.server.auth.DevApp;
import dev.parley.server.health.FatalErrorMonitor;
import dev.parley.server.health.FaultInjection;
import dev.parley.server.signal.SignalSession;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.Map;
import java.util.function.Supplier;

/** The HTTP/WebSocket listener: one pipeline, built in order here (Netty's initializer habit). */
public final class HttpServer implements AutoCloseable {
    /** Netty's own frame limit; frames between {@link SignalSession#MAX_FRAME_CHARS} and this get an error reply. */
    static final int MAX_WS_FRAME_BYTES = 1024 * 1024;

    private final Channel channel;

    private HttpServer(Channel channel) {
        this.channel = channel;
    }

    public static HttpServer start(EventLoopGroup group, String bind, int port, ObjectMapper json,
                                   Optional<DevApp> devApp, Supplier<Map<String, Object>> health,
                                   Function<SignalSession.Outbox, SignalSession> sessions,
                                   Duration heartbeatTimeout, FatalErrorMonitor fatalErrors,
                                   Optional<FaultInjection> faults) throws InterruptedException {
        StaticContent content = new StaticContent();
        ChannelFailureHandler failures = new ChannelFailureHandler(fatalErrors);
        Optional<FaultInjectionHandler> faultEndpoints = faults.map(FaultInjectionHandler::new);
        Class<? extends ServerChannel> type = Epoll.isAvailable()
                ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        Channel ch = new ServerBootstrap()
                .group(group)
                .channel(type)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                        c.pipeline()
                         .addLast("http", new HttpServerCodec())
                         .addLast("aggregate", new HttpObjectAggregator(64 * 1024))
                         .addLast("websocket", new WebSocketServerProtocolHandler(
                                 WebSocketServerProtocolConfig.newBuilder()
                                         .websocketPath("/ws")
                                         .maxFramePayloadLength(MAX_WS_FRAME_BYTES)
                                         .checkStartsWith(false)
                                         .build()))
                         .addLast("ws-aggregate", new WebSocketFrameAggregator(MAX_WS_FRAME_BYTES))
                         .addLast("signal", new SignalFrameHandler(sessions, heartbeatTimeout));
                        faultEndpoints.ifPresent(f -> c.pipeline().addLast("fault-injection", f));
                        c.pipeline()
                         .addLast("content", new HttpRequestHandler(content, devApp, json, health))
                         .addLast("failures", failures);
                    }
                })
                .bind(new InetSocketAddress(bind, port)).sync().channel();
        return new HttpServer(ch);
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
    }
}
