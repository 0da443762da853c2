package dev.parley.server.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes requests whose path starts with a registered prefix ({@code /api/v1/}, {@code /metrics}) to their
 * {@link ApiEndpoint}; everything else goes on to the static content. One request at a time per connection:
 * HTTP/1.1 answers in order, and the aggregator has already bounded the body.
 */
@ChannelHandler.Sharable
final class ApiRouteHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ApiRouteHandler.class);

    private final Map<String, ApiEndpoint> routes;

    ApiRouteHandler(Map<String, ApiEndpoint> routes) {
        this.routes = Map.copyOf(routes);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest req) || !req.decoderResult().isSuccess()) {
            ctx.fireChannelRead(msg);
            return;
        }
        String path = new QueryStringDecoder(req.uri()).path();
        ApiEndpoint endpoint = route(path);
        if (endpoint == null) {
            ctx.fireChannelRead(msg);
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        ApiEndpoint.Request request;
        try {
            request = new ApiEndpoint.Request(req.method().name(), path, req.headers().copy(),
                    ByteBufUtil.getBytes(req.content()), ctx.channel().remoteAddress() instanceof InetSocketAddress a
                    ? a : null);
        } finally {
            req.release();
        }
        boolean head = request.method().equals("HEAD");
        endpoint.handle(request).whenComplete((res, e) -> {
            ApiEndpoint.Response r = res;
            if (e != null) {
                log.error("{} {} failed", request.method(), path, e);
                r = new ApiEndpoint.Response(500, "text/plain", ("internal error: " + e + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            HttpRequestHandler.send(ctx, keepAlive, head, HttpResponseStatus.valueOf(r.status()), r.contentType(),
                    r.body());
        });
    }

    private ApiEndpoint route(String path) {
        for (Map.Entry<String, ApiEndpoint> e : routes.entrySet()) {
            String prefix = e.getKey();
            if (prefix.endsWith("/") ? path.startsWith(prefix) : path.equals(prefix)) {
                return e.getValue();
            }
        }
        return null;
    }
}
