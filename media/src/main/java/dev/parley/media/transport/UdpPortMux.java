package dev.parley.media.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
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
 * <p>Threading: routing runs on the first loop ({@link #eventLoop()}, the SFU thread), which owns the
 * transports; {@link #send} may be called from that loop only. With more than one media loop (native epoll
 * only), every loop binds its own socket to the same port with {@code SO_REUSEPORT}: the kernel spreads
 * incoming datagrams over the sockets by their addresses, and each other loop (a {@link SendingLoop}) hands what
 * its socket received to the first loop through a {@link HandOff} ring. The other way, a transport that
 * forwards media is given a loop ({@link #assignLoop}); the first loop hands each packet that loop's
 * subscriptions forward to it once ({@link #forwardToLoop}), and they rewrite, protect (with their
 * transport's SRTP context, used by that loop only) and send it from that loop's socket
 * ({@link #sendFromLoop} on the loop itself), so a packet's whole fan-out spreads over the cores.
 */
// About 570 lines: the routing tables, the first loop's sends and batching, the hand-over to the other
// loops, and the port's counters as one-line public accessors (a fifth of the file, called from 50
// places); the sockets (MediaSockets, FirstLoopReader), the other loops (SendingLoop), their balance
// (LoopBalance), the counters themselves (PortTraffic, ForwardingDelay, ReceiveBufferDrops) live apart.
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
    /** The loops after the first, each with its own socket on the port; empty with one loop. */
    private final List<SendingLoop> lanes = new ArrayList<>();
    /** Which loop each media-forwarding transport sends from. SFU thread. */
    private final LoopBalance balance;
    private final PortTraffic traffic;
    private final Map<String, MuxedTransport> byUfrag = new HashMap<>();
    private final Map<InetSocketAddress, MuxedTransport> byAddress = new HashMap<>();
    private final Set<MuxedTransport> transports = new LinkedHashSet<>();
    /** Written on the loop, read by operations endpoints on other threads. */
    private volatile int transportCount;
    private final byte[] receiveBuffer = new byte[MAX_DATAGRAM + HEADROOM];
    /** When the datagram being routed now was read (System.nanoTime), 0 outside routing. First loop. */
    private long readNanos;
    /** The delay this loop adds to what it sends itself; the other loops keep their own. */
    private final ForwardingDelay delay = new ForwardingDelay(SEND_BATCH);
    // Batched sends, all on the loop thread: a write is flushed at the end of the read batch that caused it
    // (channelReadComplete), or by one task queued behind the current one (ticks, timers, handshakes), or
    // when SEND_BATCH writes wait: one flush = one sendmmsg(2) on epoll instead of one sendto(2) a datagram.
    boolean inReadBatch;
    /** When the socket read now being handled began (see ForwardingDelay), 0 outside one. First loop. */
    long batchReadNanos;
    private boolean flushQueued;
    private int unflushed;
    private final Runnable queuedFlush = () -> {
        flushQueued = false;
        flush();
    };
    private final UfragRouter ufragRouter;
    private final ErrorListener errors;
    private final ScheduledFuture<?> ticker;

    /** Extracts the local ufrag from a STUN Binding request, or returns null: the STUN package's peek. */
    public interface UfragRouter {
        String localUfrag(byte[] buf, int off, int len);
    }

    /**
     * What a loop does with a packet handed to it by {@link #forwardToLoop}: runs on that loop, with the
     * bytes valid during the call only.
     */
    public interface LoopForwardHandler {
        void onForward(byte[] buf, int len, Object attachment, long meta, long meta2);
    }

    private volatile LoopForwardHandler forwardHandler = (buf, len, attachment, meta, meta2) -> { };

    /** Installs what the loops do with packets handed to them by {@link #forwardToLoop}. Once, at start. */
    public void forwardHandler(LoopForwardHandler handler) {
        forwardHandler = handler;
    }

    LoopForwardHandler forwardHandler() {
        return forwardHandler;
    }

    /**
     * Told of every {@link Error} (not an Exception: those are a transport's own failures, logged here)
     * raised on the port's loop while handling a datagram or a tick. The owner decides whether the
     * process can go on: an OutOfMemoryError here leaves the port open and the JVM broken.
     */
    public interface ErrorListener {
        void onError(Throwable error);
    }

    private UdpPortMux(Channel channel, int loops, UfragRouter router, ErrorListener errors) {
        this.channel = channel;
        this.ufragRouter = router;
        this.errors = errors;
        this.balance = new LoopBalance(loops);
        this.traffic = new PortTraffic(loops);
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
        return bind(group, address, router, errors, 1);
    }

    /**
     * Binds the shared port on up to {@code loops} event loops of {@code group}, one socket each
     * ({@code SO_REUSEPORT}); more than one only on native epoll (NIO binds one). The first loop routes.
     *
     * @throws IllegalArgumentException if {@code loops} is below 1
     */
    public static UdpPortMux bind(EventLoopGroup group, InetSocketAddress address, UfragRouter router,
                                  ErrorListener errors, int loops) throws InterruptedException {
        if (loops < 1) {
            throw new IllegalArgumentException("a media port needs at least one loop: " + loops);
        }
        boolean epoll = group instanceof EpollEventLoopGroup;
        List<EventLoop> chosen = new ArrayList<>();
        for (EventExecutor e : group) {
            if (chosen.size() < (epoll ? loops : 1)) {
                chosen.add((EventLoop) e);
            }
        }
        if (chosen.size() < loops) {
            log.warn("the media port runs on {} loop(s), not the {} asked for ({})", chosen.size(), loops,
                    epoll ? "the group has no more" : "SO_REUSEPORT needs the native epoll transport");
        }
        InetSocketAddress bindTo = address;
        if (chosen.size() > 1) {
            // SO_REUSEPORT would let a second server of the same user share the port silently: a plain bind
            // first makes "address in use" an error as it is with one socket (and picks the ephemeral port).
            bindTo = new InetSocketAddress(address.getAddress(), MediaSockets.probeFree(address));
        }
        // Set once bound; a datagram read before that (a fixed port that browsers still send to after a
        // restart) is dropped rather than met with a NullPointerException. Read on the loops, written here.
        AtomicReference<UdpPortMux> self = new AtomicReference<>();
        Channel first = MediaSockets.bind(chosen.get(0), epoll, bindTo, chosen.size() > 1,
                new FirstLoopReader(self, errors));
        UdpPortMux mux = new UdpPortMux(first, chosen.size(), router, errors);
        InetSocketAddress bound = (InetSocketAddress) first.localAddress();
        try {
            for (int i = 1; i < chosen.size(); i++) {
                SendingLoop lane = new SendingLoop(i, chosen.get(i), mux, mux.traffic, chosen.get(0));
                lane.channel(MediaSockets.bind(chosen.get(i), epoll, bound, true, lane.new Reader(errors)));
                mux.lanes.add(lane);
            }
        } catch (RuntimeException | InterruptedException e) {
            mux.close();
            throw e;
        }
        self.set(mux);
        log.info("media port listening on udp {} ({}, {} loop(s))", bound, first.getClass().getSimpleName(),
                chosen.size());
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
        write(to, buf, off, len, 0);
    }

    /** {@link #send}; a forwarded RTP packet also gives the read time of what caused it, for its delay. */
    private void write(InetSocketAddress to, byte[] buf, int off, int len, long causeReadNanos) {
        ByteBuf out = channel.alloc().directBuffer(len);
        out.writeBytes(buf, off, len);
        channel.write(new DatagramPacket(out, to), channel.voidPromise());
        if (causeReadNanos != 0) {
            delay.written(causeReadNanos);
        }
        traffic.sent(0, len);
        if (++unflushed >= SEND_BATCH) {
            flushSocket();
        } else {
            flushSoon();
        }
    }

    private void flushSocket() {
        unflushed = 0;
        channel.flush();
        delay.flushed(System.nanoTime());
    }

    /** The end of a batch on the first loop: its own socket's writes go out, and the lanes are woken. */
    void flush() {
        if (unflushed > 0) {
            flushSocket();
        }
        for (SendingLoop lane : lanes) {
            lane.outbound.wake();
            lane.forwardIn.wake();
        }
    }

    /** A write outside a read batch (a timer's, a task's) is flushed, and lanes woken, by a task queued once. */
    private void flushSoon() {
        if (!inReadBatch && !flushQueued) {
            flushQueued = true;
            channel.eventLoop().execute(queuedFlush);
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

    record UdpPath(UdpPortMux mux, InetSocketAddress remote) implements MediaPath {
        @Override
        public void send(byte[] buf, int off, int len) {
            mux.send(remote, buf, off, len);
        }

        @Override
        public String protocol() {
            return "udp";
        }
    }

    /** A datagram the first loop's socket read. First loop. */
    void receive(DatagramPacket packet) {
        ByteBuf content = packet.content();
        int len = content.readableBytes();
        if (traffic.received(0, len)) {
            content.getBytes(content.readerIndex(), receiveBuffer, 0, len);
            routeRead(receiveBuffer, len, packet.sender(), batchReadNanos != 0 ? batchReadNanos : System.nanoTime());
        }
    }

    /** Routes a datagram read at {@code readAt}: what its routing sends is timed from then. First loop. */
    private void routeRead(byte[] buf, int len, InetSocketAddress from, long readAt) {
        readNanos = readAt;
        try {
            route(buf, len, from);
        } finally {
            readNanos = 0; // a timer's send later caused nothing read
        }
    }

    /**
     * Routes one datagram to its transport: RFC 7983 first-byte demux, then the sender's address (or a STUN
     * request's ufrag). {@code buf} has {@link #HEADROOM} spare bytes after {@code len}. First loop only.
     */
    private void route(byte[] buf, int len, InetSocketAddress from) {
        PacketKind kind = PacketKind.of(buf[0]);
        if (kind == PacketKind.UNKNOWN) {
            traffic.droppedUnclassified.increment();
            return;
        }
        MuxedTransport t = byAddress.get(from);
        if (t == null && kind == PacketKind.STUN) {
            String ufrag = ufragRouter.localUfrag(buf, 0, len);
            t = ufrag == null ? null : byUfrag.get(ufrag);
        }
        if (t == null) {
            traffic.droppedUnknownSender.increment();
            if (log.isTraceEnabled()) {
                log.trace("dropped {} datagram of {} bytes from unknown sender {}", kind, len, from);
            }
            return;
        }
        try {
            // An Error is not caught: it goes on to the handler's exceptionCaught, then to the ErrorListener.
            t.onDatagram(kind, buf, 0, len, from);
        } catch (RuntimeException e) {
            // A bug in one transport must not stop the port for everyone.
            log.error("transport failed on a {} datagram from {}", kind, from, e);
        }
    }

    /**
     * The media loops the port runs on (1 … the number asked for at bind); a transport's sending loop is
     * one of 0 … loops() - 1.
     */
    public int loops() {
        return balance.loops();
    }

    /** A datagram another loop's socket read, on the first loop (its ring's consumer). */
    void routeHandedIn(byte[] buf, int len, InetSocketAddress from, long readAt) {
        inReadBatch = true;
        routeRead(buf, len, from, readAt);
    }

    /** The end of a batch handed in by another loop: what routing it sent goes out. */
    void handedInBatchDone() {
        inReadBatch = false;
        flush();
    }

    /**
     * The loop a new media-forwarding transport sends from: the one with the fewest such transports, the
     * first loop's count weighted as it also routes every packet ({@link LoopBalance}). SFU thread;
     * give it back with {@link #releaseLoop}.
     */
    public int assignLoop() {
        return balance.assign();
    }

    /** A transport given {@code loop} by {@link #assignLoop} has closed. SFU thread. */
    public void releaseLoop(int loop) {
        balance.release(loop);
    }

    /**
     * Sends an RTP packet from loop {@code loop}: called on that loop, protected and sent now; called on the first
     * loop for another, copied into that loop's hand-off ring (a full ring drops the packet and counts it) and
     * protected and sent there. The protector must be used on that loop only. The first loop or loop
     * {@code loop}; {@code buf} may be reused when this returns.
     */
    public void sendFromLoop(int loop, PacketProtector protector, MediaPath path, byte[] buf, int off, int len) {
        if (loop != 0) {
            SendingLoop lane = lanes.get(loop - 1);
            if (lane.inEventLoop()) {
                lane.sendNow(protector, path, buf, off, len); // the downlink's own loop, forwarding its share
            } else if (lane.enqueue(protector, path, buf, off, len, readNanos)) {
                flushSoon();
            }
            return;
        }
        int n = protector.protect(buf, off, len);
        if (path instanceof UdpPath udp && udp.mux() == this) {
            write(udp.remote(), buf, off, n, readNanos);
        } else {
            path.send(buf, off, n);
        }
    }

    /**
     * Hands a packet ({@code buf[0, len)}) to loop {@code loop}, whose {@link LoopForwardHandler} gets it with
     * {@code attachment} and the two words: on the first loop at once, on another through its forward ring (one copy, timed from
     * this routing's read; a full ring drops it and counts). First loop; {@code buf} may be reused on return.
     */
    public void forwardToLoop(int loop, byte[] buf, int len, Object attachment, long meta, long meta2) {
        if (loop == 0) {
            forwardHandler.onForward(buf, len, attachment, meta, meta2);
            return;
        }
        if (lanes.get(loop - 1).enqueueForward(buf, 0, len, attachment, meta, meta2, readNanos)) {
            flushSoon();
        }
    }

    /** Runs {@code task} on loop {@code loop} (0 = the first, the SFU thread), after what it is doing now. */
    public void executeOn(int loop, Runnable task) {
        (loop == 0 ? channel.eventLoop() : lanes.get(loop - 1).eventLoop()).execute(task);
    }

    /** Whether the calling thread is loop {@code loop}'s. */
    public boolean inLoop(int loop) {
        return loop == 0 ? channel.eventLoop().inEventLoop() : lanes.get(loop - 1).inEventLoop();
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

    /** The delay loop {@code loop} (0 = the first) adds to the RTP it sends. Read from any thread. */
    public ForwardingDelay forwardingDelay(int loop) {
        return loop == 0 ? delay : lanes.get(loop - 1).delay;
    }

    /** Datagrams dropped because no transport knows their sender. */
    public long droppedUnknownSender() {
        return traffic.droppedUnknownSender.sum();
    }

    /**
     * Datagrams the kernel dropped on the port because its sockets' receive buffers were full (the loops
     * fell behind), or -1 where the kernel does not say. Reads {@code /proc}: call it off the media loops.
     */
    public long droppedReceiveBufferFull() {
        return ReceiveBufferDrops.read(port());
    }

    /** Datagrams dropped because their first byte matches no protocol (RFC 7983). */
    public long droppedUnclassified() {
        return traffic.droppedUnclassified.sum();
    }

    /** Datagrams dropped because they were empty or larger than {@link #MAX_DATAGRAM}. */
    public long droppedOversized() {
        return traffic.droppedOversized.sum();
    }

    /** Datagrams received on the port, whatever became of them. Any thread. */
    public long datagramsReceived() {
        return traffic.datagramsReceived.sum();
    }

    public long bytesReceived() {
        return traffic.bytesReceived.sum();
    }

    /** Datagrams handed to the socket for sending. Any thread. */
    public long datagramsSent() {
        return traffic.datagramsSent.sum();
    }

    public long bytesSent() {
        return traffic.bytesSent.sum();
    }

    /** Datagrams read by loop {@code loop}'s socket (0 = the first loop), whatever became of them. Any thread. */
    public long datagramsReceived(int loop) {
        return traffic.receivedBy(loop);
    }

    /** Datagrams sent from loop {@code loop}'s socket (0 = the first loop). Any thread. */
    public long datagramsSent(int loop) {
        return traffic.sentBy(loop);
    }

    /**
     * Datagrams dropped between loops: a hand-off ring was full (a loop thousands of packets behind), or a
     * packet could not be protected on its loop. Any thread.
     */
    public long droppedHandOff() {
        long n = traffic.droppedBetweenLoops.sum();
        for (SendingLoop lane : lanes) {
            n += lane.dropped();
        }
        return n;
    }

    /** Transports attached to the port; safe to read from any thread. */
    public int transportCount() {
        return transportCount;
    }

    @Override
    public void close() {
        ticker.cancel(false);
        for (SendingLoop lane : lanes) {
            if (lane.channel() != null) {
                lane.channel().close().syncUninterruptibly();
            }
        }
        channel.close().syncUninterruptibly();
    }
}
