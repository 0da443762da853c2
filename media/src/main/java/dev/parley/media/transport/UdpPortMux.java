package dev.parley.media.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One UDP port for every WebRTC transport (like mediasoup's WebRtcServer or pion's UDPMux).
 *
 * <p>Each datagram is classified by its first byte (RFC 7983) and routed by its remote address; a STUN
 * Binding request from an address not yet known is routed by the ICE ufrag in its USERNAME (RFC 8445
 * §7.2.2), and the transport then claims the address with {@link #bindAddress}. Anything else from an
 * unknown address is dropped after one map lookup.
 *
 * <p>Threading: everything here runs on the channel's single event loop ({@link #eventLoop()}), which
 * also owns the transports; {@link #send} may be called from that loop only.
 */
public final class UdpPortMux implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UdpPortMux.class);

    /** Bytes kept free after every received datagram, enough for an SRTP/SRTCP tag and index. */
    public static final int HEADROOM = 64;
    /** Largest datagram accepted; larger ones are dropped (WebRTC keeps packets under ~1200 bytes). */
    public static final int MAX_DATAGRAM = 1500;
    /** Bytes set aside for each datagram of a batched read (recvmmsg), more than {@link #MAX_DATAGRAM}. */
    static final int RECEIVE_SLOT = 2048;
    /** Datagrams read by one system call at most. */
    static final int RECEIVE_BATCH = 16;
    /** Datagrams written but not flushed at most: a flush hands them to the kernel in one sendmmsg(2). */
    static final int SEND_BATCH = 64;

    private final Channel channel;
    private final Map<String, MuxedTransport> byUfrag = new HashMap<>();
    private final Map<InetSocketAddress, MuxedTransport> byAddress = new HashMap<>();
    private final Set<MuxedTransport> transports = new LinkedHashSet<>();
    /** Written on the loop, read by operations endpoints on other threads. */
    private volatile int transportCount;
    private final byte[] receiveBuffer = new byte[MAX_DATAGRAM + HEADROOM];
    // Batched sends, all on the loop thread: a write is flushed at the end of the read batch that caused it
    // (channelReadComplete), or by one task queued behind the current one (ticks, timers, handshakes), or
    // when SEND_BATCH writes wait: one flush = one sendmmsg(2) on epoll instead of one sendto(2) a datagram.
    private boolean inReadBatch;
    private boolean flushQueued;
    private int unflushed;
    private final Runnable queuedFlush = () -> {
        flushQueued = false;
        flush();
    };
    private final UfragRouter ufragRouter;
    private final ErrorListener errors;
    private final ScheduledFuture<?> ticker;

    private final LongAdder droppedUnknownSender = new LongAdder();
    private final LongAdder droppedUnclassified = new LongAdder();
    private final LongAdder droppedOversized = new LongAdder();
    // Traffic on the port, for operations (metrics). LongAdder: lock-free and allocation-free on this one
    // writer thread, readable from any thread.
    private final LongAdder datagramsReceived = new LongAdder();
    private final LongAdder bytesReceived = new LongAdder();
    private final LongAdder datagramsSent = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();

    /** Extracts the local ufrag from a STUN Binding request, or returns null: the STUN package's peek. */
    public interface UfragRouter {
        String localUfrag(byte[] buf, int off, int len);
    }

    /**
     * Told of every {@link Error} (not an Exception: those are a transport's own failures, logged here)
     * raised on the port's loop while handling a datagram or a tick. The owner decides whether the
     * process can go on: an OutOfMemoryError here leaves the port open and the JVM broken.
     */
    public interface ErrorListener {
        void onError(Throwable error);
    }

    private UdpPortMux(Channel channel, UfragRouter router, ErrorListener errors) {
        this.channel = channel;
        this.ufragRouter = router;
        this.errors = errors;
        this.ticker = channel.eventLoop().scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    /**
     * Binds the shared port on one event loop of {@code group}: a native epoll channel for an
     * {@link EpollEventLoopGroup}, an NIO channel otherwise (a channel must match its loop's type).
     *
     * @param router how to read the local ufrag out of a STUN request (see the {@code stun} package)
     */
    public static UdpPortMux bind(EventLoopGroup group, InetSocketAddress address, UfragRouter router)
            throws InterruptedException {
        return bind(group, address, router, error -> { });
    }

    /** Like {@link #bind(EventLoopGroup, InetSocketAddress, UfragRouter)}, telling {@code errors} of JVM errors. */
    public static UdpPortMux bind(EventLoopGroup group, InetSocketAddress address, UfragRouter router,
                                  ErrorListener errors) throws InterruptedException {
        Class<? extends DatagramChannel> type = group instanceof EpollEventLoopGroup
                ? EpollDatagramChannel.class : NioDatagramChannel.class;
        // Set once bound; a datagram read before that (a fixed port that browsers still send to after a
        // restart) is dropped rather than met with a NullPointerException. Read on the loop, written here.
        AtomicReference<UdpPortMux> self = new AtomicReference<>();
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(type)
                .option(ChannelOption.SO_RCVBUF, 4 * 1024 * 1024)
                .option(ChannelOption.SO_SNDBUF, 4 * 1024 * 1024);
        if (type == EpollDatagramChannel.class) {
            // Batched reads: with a datagram size set and a receive buffer holding several, Netty's epoll
            // transport reads with recvmmsg(2), up to RECEIVE_BATCH datagrams per system call. The size is
            // above MAX_DATAGRAM so that an oversized datagram is still seen (and dropped) whole, not cut.
            bootstrap.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, RECEIVE_SLOT)
                     .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(RECEIVE_SLOT * RECEIVE_BATCH));
        }
        Channel ch = bootstrap
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                        UdpPortMux mux = self.get();
                        if (mux != null) {
                            mux.inReadBatch = true;
                            mux.receive(packet);
                        }
                    }

                    @Override
                    public void channelReadComplete(ChannelHandlerContext ctx) {
                        UdpPortMux mux = self.get();
                        if (mux != null) {
                            mux.inReadBatch = false;
                            mux.flush();
                        }
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        if (cause instanceof Error) {
                            log.error("error on the media port's loop", cause);
                            errors.onError(cause);
                        } else {
                            // ICMP port unreachable and the like surface here; they must not close the port.
                            log.debug("media socket error: {}", cause.toString());
                        }
                    }
                })
                .bind(address).sync().channel();
        UdpPortMux mux = new UdpPortMux(ch, router, errors);
        self.set(mux);
        log.info("media port listening on udp {} ({})", ch.localAddress(), type.getSimpleName());
        return mux;
    }

    public EventLoop eventLoop() {
        return channel.eventLoop();
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Attaches a transport reachable by the first STUN check naming {@code localUfrag}. Loop thread. */
    public void register(String localUfrag, MuxedTransport transport) {
        if (byUfrag.putIfAbsent(localUfrag, transport) != null) {
            throw new IllegalStateException("ICE ufrag already registered: " + localUfrag);
        }
        transports.add(transport);
        transportCount = transports.size();
    }

    /**
     * An ICE restart (RFC 8445 §9) gave {@code transport} a new local ufrag: the first check from a new
     * address is routed by it from now on, and no longer by the old one. Addresses already bound stay bound
     * (media keeps flowing on the old path until the peer nominates a new one). Loop thread.
     */
    public void reregister(String oldUfrag, String newUfrag, MuxedTransport transport) {
        if (byUfrag.get(oldUfrag) == transport) {
            byUfrag.remove(oldUfrag);
        }
        if (byUfrag.putIfAbsent(newUfrag, transport) != null) {
            throw new IllegalStateException("ICE ufrag already registered: " + newUfrag);
        }
    }

    /** Routes datagrams from {@code remote} to {@code transport} (after a valid ICE check). Loop thread. */
    public void bindAddress(InetSocketAddress remote, MuxedTransport transport) {
        MuxedTransport previous = byAddress.put(remote, transport);
        if (previous != null && previous != transport) {
            log.info("address {} moved from one transport to another", remote);
        }
    }

    /** Detaches a transport and every address routed to it. Loop thread. */
    public void unregister(MuxedTransport transport) {
        transports.remove(transport);
        transportCount = transports.size();
        byUfrag.values().removeIf(t -> t == transport);
        byAddress.values().removeIf(t -> t == transport);
    }

    /**
     * Sends a datagram; the bytes are copied into a pooled direct buffer, so {@code buf} may be reused as
     * soon as this returns. Loop thread.
     */
    public void send(InetSocketAddress to, byte[] buf, int off, int len) {
        ByteBuf out = channel.alloc().directBuffer(len);
        out.writeBytes(buf, off, len);
        channel.write(new DatagramPacket(out, to), channel.voidPromise());
        if (++unflushed >= SEND_BATCH) {
            flush();
        } else if (!inReadBatch && !flushQueued) {
            flushQueued = true;
            channel.eventLoop().execute(queuedFlush);
        }
        datagramsSent.increment();
        bytesSent.add(len);
    }

    private void flush() {
        if (unflushed > 0) {
            unflushed = 0;
            channel.flush();
        }
    }

    /** The path to {@code remote} through this port, for a transport's {@link MediaPath} map. */
    public MediaPath pathTo(InetSocketAddress remote) {
        return new UdpPath(this, remote);
    }

    /**
     * The transport a STUN Binding request names by its local ufrag (RFC 8445 §7.2.2), for a packet that came
     * some other way than this port (an ICE-TCP connection); null when none. Loop thread.
     */
    public MuxedTransport transportForStun(byte[] buf, int off, int len) {
        String ufrag = ufragRouter.localUfrag(buf, off, len);
        return ufrag == null ? null : byUfrag.get(ufrag);
    }

    private record UdpPath(UdpPortMux mux, InetSocketAddress remote) implements MediaPath {
        @Override
        public void send(byte[] buf, int off, int len) {
            mux.send(remote, buf, off, len);
        }

        @Override
        public String protocol() {
            return "udp";
        }
    }

    private void receive(DatagramPacket packet) {
        ByteBuf content = packet.content();
        int len = content.readableBytes();
        datagramsReceived.increment();
        bytesReceived.add(len);
        if (len == 0 || len > MAX_DATAGRAM) {
            droppedOversized.increment();
            return;
        }
        content.getBytes(content.readerIndex(), receiveBuffer, 0, len);
        PacketKind kind = PacketKind.of(receiveBuffer[0]);
        if (kind == PacketKind.UNKNOWN) {
            droppedUnclassified.increment();
            return;
        }
        InetSocketAddress from = packet.sender();
        MuxedTransport t = byAddress.get(from);
        if (t == null && kind == PacketKind.STUN) {
            String ufrag = ufragRouter.localUfrag(receiveBuffer, 0, len);
            t = ufrag == null ? null : byUfrag.get(ufrag);
        }
        if (t == null) {
            droppedUnknownSender.increment();
            if (log.isTraceEnabled()) {
                log.trace("dropped {} datagram of {} bytes from unknown sender {}", kind, len, from);
            }
            return;
        }
        try {
            // An Error is not caught: it goes on to the handler's exceptionCaught, then to the ErrorListener.
            t.onDatagram(kind, receiveBuffer, 0, len, from);
        } catch (RuntimeException e) {
            // A bug in one transport must not stop the port for everyone.
            log.error("transport failed on a {} datagram from {}", kind, from, e);
        }
    }

    private void tick() {
        for (MuxedTransport t : new ArrayList<>(transports)) {
            try {
                t.onTick();
            } catch (RuntimeException e) {
                log.error("transport tick failed", e);
            } catch (Error e) {
                // Not rethrown: a periodic task that throws is never run again, and every transport's
                // consent check would stop with it.
                log.error("transport tick failed", e);
                errors.onError(e);
            }
        }
    }

    /**
     * Runs {@code task} now, on the port's loop, as the mux runs its own periodic work: a RuntimeException is
     * logged and does not escape (a periodic task that throws is never run again), an Error also goes to
     * the port's {@link ErrorListener}. For the periodic work of what is built on the port.
     */
    public void runGuarded(String what, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.error("{} failed", what, e);
        } catch (Error e) {
            log.error("{} failed", what, e);
            errors.onError(e);
        }
    }

    /** Datagrams dropped because no transport knows their sender. */
    public long droppedUnknownSender() {
        return droppedUnknownSender.sum();
    }

    /** Datagrams dropped because their first byte matches no protocol (RFC 7983). */
    public long droppedUnclassified() {
        return droppedUnclassified.sum();
    }

    /** Datagrams dropped because they were empty or larger than {@link #MAX_DATAGRAM}. */
    public long droppedOversized() {
        return droppedOversized.sum();
    }

    /** Datagrams received on the port, whatever became of them. Any thread. */
    public long datagramsReceived() {
        return datagramsReceived.sum();
    }

    public long bytesReceived() {
        return bytesReceived.sum();
    }

    /** Datagrams handed to the socket for sending. Any thread. */
    public long datagramsSent() {
        return datagramsSent.sum();
    }

    public long bytesSent() {
        return bytesSent.sum();
    }

    /** Transports attached to the port; safe to read from any thread. */
    public int transportCount() {
        return transportCount;
    }

    @Override
    public void close() {
        ticker.cancel(false);
        channel.close().syncUninterruptibly();
    }
}
