package dev.parley.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.server.auth.DevApp;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Plain HTTP: the Web SDK and demo page, a health check, and — in development mode only, and only for
 * loopback clients that call this machine by a loopback name — an endpoint that signs UserSigs for the
 * demo page.
 */
final class HttpRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9_\\-]{1,32}");
    private static final long DEV_SIG_EXPIRE_SECONDS = 24 * 3600;
    private static final byte[] NOT_FOUND = "not found\n".getBytes(StandardCharsets.UTF_8);

    private final StaticContent content;
    private final Optional<DevApp> devApp;
    private final ObjectMapper json;
    private final Supplier<Map<String, Object>> health;

    HttpRequestHandler(StaticContent content, Optional<DevApp> devApp, ObjectMapper json,
                       Supplier<Map<String, Object>> health) {
        this.content = content;
        this.devApp = devApp;
        this.json = json;
        this.health = health;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) throws Exception {
        if (!req.decoderResult().isSuccess()) {
            send(ctx, req, HttpResponseStatus.BAD_REQUEST, "text/plain", "bad request\n".getBytes());
            return;
        }
        if (req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD) {
            send(ctx, req, HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain", "GET only\n".getBytes());
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(req.uri());
        String path = uri.path();
        switch (path) {
            case "/healthz" -> {
                Map<String, Object> h = health.get();
                // A failing server answers 503 so that load balancers and supervisors need not parse the body.
                sendJson(ctx, req, "ok".equals(h.get("status")) ? HttpResponseStatus.OK
                        : HttpResponseStatus.SERVICE_UNAVAILABLE, h);
            }
            case "/readyz" -> {
                // Readiness, not liveness: 503 while draining (SIGTERM) or failing, so a load balancer stops
                // sending new calls here; /healthz stays the liveness check.
                Object state = health.get().getOrDefault("readiness", "ready");
                sendJson(ctx, req, "ready".equals(state) ? HttpResponseStatus.OK
                        : HttpResponseStatus.SERVICE_UNAVAILABLE, Map.of("status", state));
            }
            case "/api/dev/config" -> {
                if (devHostAllowed(ctx, req)) {
                    devConfig(ctx, req);
                }
            }
            case "/api/dev/usersig" -> {
                if (devHostAllowed(ctx, req)) {
                    devUserSig(ctx, req, uri.parameters());
                }
            }
            default -> {
                Optional<StaticContent.Resource> r = content.find(path);
                if (r.isPresent()) {
                    send(ctx, req, HttpResponseStatus.OK, r.get().contentType(), r.get().body());
                } else {
                    send(ctx, req, HttpResponseStatus.NOT_FOUND, "text/plain", NOT_FOUND);
                }
            }
        }
    }

    /**
     * In development mode the dev endpoints answer only requests whose Host names the loopback interface:
     * a page on another origin that rebinds its DNS name to 127.0.0.1 sends its own name (DNS rebinding).
     * Without development mode they answer 404 whatever the Host.
     */
    private boolean devHostAllowed(ChannelHandlerContext ctx, FullHttpRequest req) throws Exception {
        if (devApp.isEmpty() || LoopbackHost.isLoopback(req.headers().get(HttpHeaderNames.HOST))) {
            return true;
        }
        sendJson(ctx, req, HttpResponseStatus.FORBIDDEN, Map.of("message",
                "the development endpoints answer only requests to localhost, 127.0.0.1 or [::1] "
                        + "(Host header); open the demo page through one of them"));
        return false;
    }

    private void devConfig(ChannelHandlerContext ctx, FullHttpRequest req) throws Exception {
        if (devApp.isEmpty()) {
            sendJson(ctx, req, HttpResponseStatus.NOT_FOUND, Map.of("devMode", false,
                    "message", "the server is configured with its own sdkAppId; get a UserSig from your backend"));
            return;
        }
        sendJson(ctx, req, HttpResponseStatus.OK, Map.of("devMode", true, "sdkAppId", devApp.get().sdkAppId()));
    }

    private void devUserSig(ChannelHandlerContext ctx, FullHttpRequest req, Map<String, List<String>> params)
            throws Exception {
        if (devApp.isEmpty()) {
            sendJson(ctx, req, HttpResponseStatus.NOT_FOUND, Map.of("message",
                    "UserSig signing is available only in development mode (no --sdk-app-id configured)"));
            return;
        }
        if (!(ctx.channel().remoteAddress() instanceof InetSocketAddress remote)
                || !remote.getAddress().isLoopbackAddress()) {
            sendJson(ctx, req, HttpResponseStatus.FORBIDDEN, Map.of("message",
                    "the development UserSig endpoint answers loopback clients only"));
            return;
        }
        String userId = params.getOrDefault("userId", List.of("")).get(0);
        if (!USER_ID.matcher(userId).matches()) {
            sendJson(ctx, req, HttpResponseStatus.BAD_REQUEST, Map.of("message",
                    "userId must be 1-32 characters of letters, digits, '_' and '-'"));
            return;
        }
        DevApp app = devApp.get();
        sendJson(ctx, req, HttpResponseStatus.OK, Map.of("sdkAppId", app.sdkAppId(), "userId", userId,
                "userSig", app.sign(userId, DEV_SIG_EXPIRE_SECONDS)));
    }

    private void sendJson(ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus status, Object body)
            throws Exception {
        send(ctx, req, status, "application/json", json.writeValueAsBytes(body));
    }

    private static void send(ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus status,
                             String type, byte[] body) {
        send(ctx, HttpUtil.isKeepAlive(req), req.method() == HttpMethod.HEAD, status, type, body);
    }

    /** Writes a whole response; closes the connection after it unless the request asked to keep it alive. */
    static void send(ChannelHandlerContext ctx, boolean keepAlive, boolean head, HttpResponseStatus status,
                     String type, byte[] body) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        if (keepAlive) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(res);
        } else {
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
