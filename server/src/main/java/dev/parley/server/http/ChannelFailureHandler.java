package dev.parley.server.http;

import dev.parley.server.health.FatalErrorMonitor;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last in every HTTP pipeline: where a connection's throwables end that no handler before it kept (a
 * plain HTTP connection's, and a WebSocket's fatal ones). A fatal one (an OutOfMemoryError raised while
 * handling a request) goes to the {@link FatalErrorMonitor}; any other just closes the connection.
 */
@ChannelHandler.Sharable
final class ChannelFailureHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ChannelFailureHandler.class);
    private final FatalErrorMonitor monitor;

    ChannelFailureHandler(FatalErrorMonitor monitor) {
        this.monitor = monitor;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!monitor.reportIfFatal("HTTP connection " + ctx.channel().remoteAddress(), cause)) {
            // A reset or a broken pipe of a plain HTTP connection: nothing to answer, nothing to keep.
            log.debug("HTTP connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        }
        ctx.close();
    }
}
