package dev.parley.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.server.auth.DevApp;
import dev.parley.server.health.FatalErrorMonitor;
import dev.parley.server.health.FaultInjection;
import dev.parley.server.signal.SignalSession;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One connection's pipeline, built in order (docs/ARCHITECTURE.md, "The HTTP pipeline"): admission by the
 * {@link ConnectionLimiter} first, then from the socket inwards
 * <ol>
 *   <li>{@code tls} — with {@code --tls-cert}, Netty's SslHandler ({@link ServerTls}: the current
 *       certificate, a handshake timeout); everything after it sees plaintext;</li>
 *   <li>{@code backpressure} — {@link OutboundBackpressure}: bounds unsent bytes, stops reading while
 *       unwritable;</li>
 *   <li>{@code http} — HTTP/1.1 codec: request line and headers bounded in size;</li>
 *   <li>{@code request-deadline} — {@link RequestDeadline}: header and keep-alive idle timeouts;</li>
 *   <li>{@code aggregate} — whole requests, bodies bounded;</li>
 *   <li>{@code websocket} — the upgrade at {@code /ws} and the WebSocket protocol (frames bounded);</li>
 *   <li>{@code ws-aggregate} — whole messages, bounded;</li>
 *   <li>{@code signal} — {@link SignalFrameHandler}: the signaling session; at the upgrade it adds
 *       {@link JoinDeadline} (before the frame decoder) and the heartbeat timeout;</li>
 *   <li>{@code fault-injection} — {@link FaultInjectionHandler}, test-only, present only under
 *       {@code -Dparley.faultInjection=true};</li>
 *   <li>{@code api} — {@link ApiRouteHandler}: the operations endpoints ({@code /api/v1/}, {@code /metrics});</li>
 *   <li>{@code content} — {@link HttpRequestHandler}: static files, health, development endpoints;</li>
 *   <li>{@code failures} — {@link ChannelFailureHandler}: where throwables end; a fatal one (OOM) goes to
 *       the {@link FatalErrorMonitor}.</li>
 * </ol>
 */
final class HttpChannelInitializer extends ChannelInitializer<Channel> {
    /** RFC 9112 §3: request lines this long carry no URL of ours; 414 beyond. */
    static final int MAX_INITIAL_LINE_BYTES = 4096;
    /** RFC 9112 §5: request headers (431 beyond). Browsers send about 1 KiB. */
    static final int MAX_HEADER_BYTES = 8192;
    /** Static content takes GET and HEAD only; the admin API's JSON requests are small: 8 KiB is plenty. */
    static final int MAX_REQUEST_BODY_BYTES = 8192;

    private final ConnectionLimiter limiter;
    private final ConnectionTerms terms;
    private final StaticContent content;
    private final Optional<DevApp> devApp;
    private final ObjectMapper json;
    private final Supplier<Map<String, Object>> health;
    private final Function<SignalSession.Outbox, SignalSession> sessions;
    private final ChannelGroup webSockets;
    private final LogThrottle joinTimeoutLog = LogThrottle.perMinute();
    private final ChannelFailureHandler failures;
    private final Optional<FaultInjectionHandler> faults;
    private final ApiRouteHandler api;
    private final Optional<ServerTls> tls;

    HttpChannelInitializer(ConnectionLimiter limiter, ConnectionTerms terms, StaticContent content,
                           Optional<DevApp> devApp, ObjectMapper json, Supplier<Map<String, Object>> health,
                           Function<SignalSession.Outbox, SignalSession> sessions, ChannelGroup webSockets,
                           FatalErrorMonitor fatalErrors, Optional<FaultInjection> faults,
                           Map<String, ApiEndpoint> endpoints, Optional<ServerTls> tls) {
        this.tls = tls;
        this.limiter = limiter;
        this.terms = terms;
        this.content = content;
        this.devApp = devApp;
        this.json = json;
        this.health = health;
        this.sessions = sessions;
        this.webSockets = webSockets;
        this.failures = new ChannelFailureHandler(fatalErrors);
        this.faults = faults.map(FaultInjectionHandler::new);
        this.api = new ApiRouteHandler(endpoints);
    }

    @Override
    protected void initChannel(Channel ch) {
        ConnectionLimiter.Admission admission = limiter.admit(ch, ConnectionLimiter.addressOf(ch));
        if (admission.slot().isEmpty()) {
            ch.close();
            return;
        }
        ConnectionLimiter.Slot slot = admission.slot().get();
        ch.closeFuture().addListener(f -> limiter.closed(slot));

        OutboundBackpressure backpressure = new OutboundBackpressure(terms.maxPendingWriteBytes());
        tls.ifPresent(t -> ch.pipeline().addLast("tls", t.newHandler(ch.alloc())));
        ch.pipeline()
          .addLast("backpressure", backpressure)
          .addLast("http", new HttpServerCodec(MAX_INITIAL_LINE_BYTES, MAX_HEADER_BYTES, MAX_HEADER_BYTES))
          .addLast("request-deadline", new RequestDeadline(terms.headerTimeout(), terms.idleTimeout()))
          .addLast("aggregate", new HttpObjectAggregator(MAX_REQUEST_BODY_BYTES))
          .addLast("websocket", new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                  .websocketPath("/ws")
                  .checkStartsWith(false)
                  // Every server close names its own code (ConnectionClose); Netty's default would be 1000.
                  .sendCloseFrame(null)
                  .decoderConfig(WebSocketDecoderConfig.newBuilder()
                          .maxFramePayloadLength(HttpServer.MAX_WS_MESSAGE_BYTES)
                          .build())
                  .build()))
          .addLast("ws-aggregate", new WebSocketFrameAggregator(HttpServer.MAX_WS_MESSAGE_BYTES))
          .addLast("signal", new SignalFrameHandler(sessions, terms, backpressure, () -> limiter.joined(slot),
                  webSockets, joinTimeoutLog));
        faults.ifPresent(f -> ch.pipeline().addLast("fault-injection", f));
        ch.pipeline()
          .addLast("api", api)
          .addLast("content", new HttpRequestHandler(content, devApp, json, health))
          .addLast("failures", failures);
    }
}
