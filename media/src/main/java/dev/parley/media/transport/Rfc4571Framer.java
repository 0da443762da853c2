package dev.parley.media.transport;

import io.netty.buffer.ByteBuf;

/**
 * Reassembles RFC 4571 §2 frames (a 16-bit big-endian length, then that many bytes) from a TCP byte stream,
 * into one fixed buffer: a connection holds at most one frame, however its peer splits or floods the stream.
 * Frames longer than {@link UdpPortMux#MAX_DATAGRAM} are refused (WebRTC sends no packet that large), and
 * the buffer keeps {@link UdpPortMux#HEADROOM} bytes after each frame, like the UDP port's.
 */
final class Rfc4571Framer {
    /** Receives each complete frame; the buffer is reused after the call returns. */
    interface FrameSink {
        /** @return false to stop reading (the connection is being closed) */
        boolean onFrame(byte[] buf, int off, int len);
    }

    private final byte[] frame = new byte[UdpPortMux.MAX_DATAGRAM + UdpPortMux.HEADROOM];
    private int headerBytes;
    private int length;
    private int filled;

    /**
     * Consumes all of {@code in}, calling {@code sink} for each frame completed.
     *
     * @return false when a frame was empty or too long, or the sink stopped: the connection must be closed
     */
    boolean feed(ByteBuf in, FrameSink sink) {
        while (in.isReadable()) {
            if (headerBytes < 2) {
                length = (length << 8) | in.readUnsignedByte();
                if (++headerBytes < 2) {
                    continue;
                }
                if (length == 0 || length > UdpPortMux.MAX_DATAGRAM) {
                    return false;
                }
                filled = 0;
            }
            int n = Math.min(length - filled, in.readableBytes());
            in.readBytes(frame, filled, n);
            filled += n;
            if (filled == length) {
                headerBytes = 0;
                int len = length;
                length = 0;
                if (!sink.onFrame(frame, 0, len)) {
                    return false;
                }
            }
        }
        return true;
    }
}
