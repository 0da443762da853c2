package dev.parley.media.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.util.concurrent.atomic.AtomicReference;

/** The first loop's socket: routes what it reads, then flushes once per read batch. */
final class FirstLoopReader extends SimpleChannelInboundHandler<DatagramPacket> {
    private final AtomicReference<UdpPortMux> self;
    private final UdpPortMux.ErrorListener errors;

    FirstLoopReader(AtomicReference<UdpPortMux> self, UdpPortMux.ErrorListener errors) {
        this.self = self;
        this.errors = errors;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        UdpPortMux mux = self.get();
        if (mux != null) {
            if (!mux.inReadBatch) {
                mux.inReadBatch = true;
                mux.batchReadNanos = System.nanoTime();
            }
            mux.receive(packet);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        UdpPortMux mux = self.get();
        if (mux != null) {
            mux.inReadBatch = false;
            mux.batchReadNanos = 0;
            mux.flush();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        MediaSockets.socketError(cause, errors);
    }
}
