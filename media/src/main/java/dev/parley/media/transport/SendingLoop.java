package dev.parley.media.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A media loop after the first: its own socket on the port ({@code SO_REUSEPORT}). What the socket reads
 * goes to the first loop through {@link #inbound}, which routes it. The packets this loop's subscriptions
 * forward come in through {@link #forwardIn}, one copy each, and go to the port's
 * {@link UdpPortMux.LoopForwardHandler} here; what those subscriptions send is protected with their
 * transport's SRTP context (which only this loop uses) and written to this loop's socket
 * ({@link #sendNow}), flushed once per drained batch ({@code sendmmsg}). RTP the first loop sends for this
 * loop's transports comes in through {@link #outbound} and goes out the same way.
 */
final class SendingLoop {
    private static final Logger log = LoggerFactory.getLogger(SendingLoop.class);
    /**
     * Slots of the ring that takes this loop's RTP: one read batch of {@value UdpPortMux#RECEIVE_BATCH}
     * packets fanned out to a few hundred subscribers, as a socket's 4 MB send buffer would hold. A slot's
     * 1.5 KB is allocated at its first use, so the memory follows the deepest backlog seen (6.4 MB when full).
     */
    static final int OUTBOUND_SLOTS = 4096;
    /** Slots of the ring that takes what this loop's socket reads (incoming media, a fan-out's fraction). */
    static final int INBOUND_SLOTS = 1024;
    /** Slots of the ring that takes this loop's protected packets for ICE-TCP paths back to the first loop. */
    static final int TCP_SLOTS = 1024;
    /**
     * Slots of the ring that brings the packets this loop's subscriptions forward (one per publication's packet
     * and loop, however many of them take it): four read batches, and a frame or two of every publisher.
     */
    static final int FORWARD_SLOTS = 1024;
    /** Bytes of a ring slot: the largest datagram and the SRTP tag's headroom. */
    static final int SLOT_BYTES = UdpPortMux.MAX_DATAGRAM + UdpPortMux.HEADROOM;

    private final int index;
    private final UdpPortMux mux;
    private final PortTraffic traffic;
    final HandOff outbound;
    final HandOff inbound;
    /**
     * Protected packets for paths the first loop owns (ICE-TCP connections): handed back to it to write, a
     * copy into a preallocated slot, as the other rings do.
     */
    final HandOff toFirstLoop;
    /** Packets this loop's own subscriptions forward, from the first loop ({@link UdpPortMux#forwardToLoop}). */
    final HandOff forwardIn;
    private final EventLoop loop;
    /** When what this loop handles now was read, for the delay of what it sends; 0 for a timer's work. */
    private long currentReadNanos;
    private boolean inDrain;
    private boolean flushQueued;
    private final Runnable queuedFlush = () -> {
        flushQueued = false;
        flush();
    };
    /** The delay added to what this loop sends. */
    final ForwardingDelay delay = new ForwardingDelay(UdpPortMux.SEND_BATCH);
    private Channel channel;
    private int unflushed; // this loop's thread

    /** @param firstLoop the mux's routing loop, the SFU thread */
    SendingLoop(int index, EventLoop loop, UdpPortMux mux, PortTraffic traffic, EventLoop firstLoop) {
        this.index = index;
        this.loop = loop;
        this.mux = mux;
        this.traffic = traffic;
        this.outbound = new HandOff(OUTBOUND_SLOTS, SLOT_BYTES, loop, new HandOff.Handler() {
            @Override
            public void handle(HandOff.Slot s) {
                protectAndSend(s);
            }

            @Override
            public void batchDone() {
                flush();
            }
        });
        this.inbound = new HandOff(INBOUND_SLOTS, SLOT_BYTES, firstLoop, new HandOff.Handler() {
            @Override
            public void handle(HandOff.Slot s) {
                mux.routeHandedIn(s.buf, s.len, s.from, s.readNanos);
            }

            @Override
            public void batchDone() {
                mux.handedInBatchDone();
            }
        });
        this.forwardIn = new HandOff(FORWARD_SLOTS, SLOT_BYTES, loop, new HandOff.Handler() {
            @Override
            public void handle(HandOff.Slot s) {
                inDrain = true;
                currentReadNanos = s.readNanos;
                try {
                    mux.forwardHandler().onForward(s.buf, s.len, s.attachment, s.meta, s.meta2);
                } catch (RuntimeException e) {
                    // A bug in one subscription must not stop the loop's other forwarding (as on the first loop).
                    log.error("forwarding a packet on media loop {} failed", index, e);
                } finally {
                    currentReadNanos = 0;
                }
            }

            @Override
            public void batchDone() {
                inDrain = false;
                flush();
            }
        });
        this.toFirstLoop = new HandOff(TCP_SLOTS, SLOT_BYTES, firstLoop, new HandOff.Handler() {
            @Override
            public void handle(HandOff.Slot s) {
                s.path.send(s.buf, 0, s.len);
            }

            @Override
            public void batchDone() {
            }
        });
    }

    /** The socket, once bound. */
    void channel(Channel channel) {
        this.channel = channel;
    }

    Channel channel() {
        return channel;
    }

    /** Packets dropped at this loop's rings (full). Any thread. */
    long dropped() {
        return inbound.dropped() + outbound.dropped() + toFirstLoop.dropped() + forwardIn.dropped();
    }

    boolean inEventLoop() {
        return loop.inEventLoop();
    }

    EventLoop eventLoop() {
        return loop;
    }

    /**
     * Copies a packet for this loop's subscriptions into its forward ring (one copy however many take it),
     * for {@link UdpPortMux.LoopForwardHandler} to run here. False when the ring is full (dropped, counted).
     * The first loop.
     */
    boolean enqueueForward(byte[] buf, int off, int len, Object attachment, long meta, long meta2, long readNanos) {
        HandOff.Slot slot = claimCopy(forwardIn, buf, off, len, readNanos);
        if (slot == null) {
            return false;
        }
        slot.attachment = attachment;
        slot.meta = meta;
        slot.meta2 = meta2;
        forwardIn.publish();
        return true;
    }

    /** The next free slot of {@code ring} with the packet and its read time copied in, or null when full. */
    private static HandOff.Slot claimCopy(HandOff ring, byte[] buf, int off, int len, long readNanos) {
        HandOff.Slot slot = ring.claim();
        if (slot != null) {
            System.arraycopy(buf, off, slot.buf, 0, len);
            slot.len = len;
            slot.readNanos = readNanos;
        }
        return slot;
    }

    /**
     * Protects and sends an RTP packet now, on this loop (the sender of a downlink this loop owns): {@code buf}
     * has the SRTP headroom after it. Flushed at the end of the batch being handled, or by a task queued
     * behind a timer's or a task's work. This loop's thread.
     */
    void sendNow(PacketProtector protector, MediaPath path, byte[] buf, int off, int len) {
        int n;
        try {
            n = protector.protect(buf, off, len);
        } catch (RuntimeException e) {
            traffic.droppedBetweenLoops.increment();
            log.debug("a packet could not be protected on media loop {}: {}", index, e.toString());
            return;
        }
        write(path, buf, off, n, currentReadNanos);
        if (!inDrain && !flushQueued) {
            flushQueued = true;
            loop.execute(queuedFlush);
        }
    }

    /**
     * Copies an RTP packet the first loop sends for one of this loop's transports into the outbound ring, to
     * be protected and sent here. False when the ring is full (dropped, counted). The first loop.
     */
    boolean enqueue(PacketProtector protector, MediaPath path, byte[] buf, int off, int len, long readNanos) {
        HandOff.Slot slot = claimCopy(outbound, buf, off, len, readNanos);
        if (slot == null) {
            return false;
        }
        slot.protector = protector;
        slot.path = path;
        outbound.publish();
        return true;
    }

    /** This loop's thread: SRTP with the transport's context, then this loop's socket. */
    private void protectAndSend(HandOff.Slot s) {
        int n;
        try {
            n = s.protector.protect(s.buf, 0, s.len);
        } catch (RuntimeException e) {
            traffic.droppedBetweenLoops.increment();
            log.debug("a packet could not be protected on media loop {}: {}", index, e.toString());
            return;
        }
        write(s.path, s.buf, 0, n, s.readNanos);
    }

    /** Writes a protected packet to this loop's socket, or hands it to the first loop for an ICE-TCP path. */
    private void write(MediaPath path, byte[] buf, int off, int n, long readNanos) {
        if (path instanceof UdpPortMux.UdpPath udp && udp.mux() == mux) {
            ByteBuf out = channel.alloc().directBuffer(n);
            out.writeBytes(buf, off, n);
            channel.write(new DatagramPacket(out, udp.remote()), channel.voidPromise());
            traffic.sent(index, n);
            if (readNanos != 0) {
                delay.written(readNanos);
            }
            if (++unflushed >= UdpPortMux.SEND_BATCH) {
                flush();
            }
        } else {
            // An ICE-TCP connection belongs to the first loop: the protected bytes go there (a full ring drops).
            HandOff.Slot back = toFirstLoop.claim();
            if (back != null) {
                System.arraycopy(buf, off, back.buf, 0, n);
                back.len = n;
                back.path = path;
                toFirstLoop.publish();
            }
        }
    }

    private void flush() {
        toFirstLoop.wake();
        if (unflushed > 0) {
            unflushed = 0;
            channel.flush();
            delay.flushed(System.nanoTime());
        }
    }

    /** The loop's socket: what it reads is handed to the first loop, which routes it. */
    final class Reader extends SimpleChannelInboundHandler<DatagramPacket> {
        private final UdpPortMux.ErrorListener errors;
        /** When the read now being handled began (see ForwardingDelay), 0 between reads. */
        private long batchReadNanos;

        Reader(UdpPortMux.ErrorListener errors) {
            this.errors = errors;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            ByteBuf content = packet.content();
            int len = content.readableBytes();
            if (batchReadNanos == 0) {
                batchReadNanos = System.nanoTime();
            }
            long readAt = batchReadNanos;
            if (!traffic.received(index, len)) {
                return;
            }
            if (PacketKind.of(content.getByte(content.readerIndex())) == PacketKind.UNKNOWN) {
                traffic.droppedUnclassified.increment(); // RFC 7983: no need to cross to the first loop
                return;
            }
            HandOff.Slot slot = inbound.claim();
            if (slot != null) {
                content.getBytes(content.readerIndex(), slot.buf, 0, len);
                slot.len = len;
                slot.from = packet.sender();
                slot.readNanos = readAt;
                inbound.publish();
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            batchReadNanos = 0;
            inbound.wake();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            MediaSockets.socketError(cause, errors);
        }
    }
}
