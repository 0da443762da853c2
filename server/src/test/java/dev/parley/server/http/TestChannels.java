package dev.parley.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** In-memory channels for the pipeline tests: an IP address of the test's choice, helpers for bytes. */
final class TestChannels {
    private TestChannels() {
    }

    /**
     * A channel from {@code ip} with {@code handlers}, added after registration (as a real accept does). Its
     * clock is frozen: time moves only by {@link EmbeddedChannel#advanceTimeBy}, so deadlines are exact.
     */
    static EmbeddedChannel from(String ip, ChannelHandler... handlers) {
        InetSocketAddress remote = new InetSocketAddress(ip, 40000);
        EmbeddedChannel ch = new EmbeddedChannel() {
            @Override
            protected SocketAddress remoteAddress0() {
                return remote;
            }
        };
        ch.freezeTime();
        ch.pipeline().addLast(handlers);
        return ch;
    }

    static ByteBuf ascii(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }

    /** Everything written to the channel so far, as bytes (releases what it reads). */
    static byte[] outboundBytes(EmbeddedChannel ch) {
        List<byte[]> parts = new ArrayList<>();
        int total = 0;
        for (Object o; (o = ch.readOutbound()) != null; ) {
            ByteBuf b = (ByteBuf) o;
            byte[] part = new byte[b.readableBytes()];
            b.readBytes(part);
            b.release();
            parts.add(part);
            total += part.length;
        }
        byte[] all = new byte[total];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    static String outboundText(EmbeddedChannel ch) {
        return new String(outboundBytes(ch), StandardCharsets.ISO_8859_1);
    }
}
