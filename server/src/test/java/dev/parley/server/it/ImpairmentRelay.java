package dev.parley.server.it;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A network impairment harness: a UDP relay on loopback between browsers and the server's media port.
 * Clients send to {@link #port()}; each client address gets its own socket toward the server (so the
 * server still sees one 5-tuple per client), and answers go back the same way. Each direction applies its
 * own {@link Impairment}: random loss, a fixed delay plus uniform jitter (order kept, as on one path), and a
 * bandwidth cap modelled as a bottleneck link with a FIFO queue that drops at its tail when full. Each client
 * address has a link of its own each way, as each peer has its own access link: a cap limits every client's
 * path separately, and one subscriber's full queue never delays or drops what the server sends another
 * client (a publisher's keyframe requests, say).
 *
 * <p>Decisions (loss, jitter) come from one {@link Random} per direction seeded from the relay's seed and
 * drawn in arrival order: the same packets in the same order meet the same fate. Thread scheduling of the
 * senders still varies, so a browser test is reproducible in its statistics, not packet for packet.
 */
final class ImpairmentRelay implements AutoCloseable {

    /**
     * What one direction suffers.
     *
     * @param lossRate probability that a packet is dropped, 0..1
     * @param delay fixed one-way delay
     * @param jitter extra delay drawn uniformly from [0, jitter]
     * @param capBitsPerSecond bottleneck rate; 0 for none
     * @param queue how long the bottleneck's queue may grow before packets are dropped
     */
    record Impairment(double lossRate, Duration delay, Duration jitter, long capBitsPerSecond, Duration queue) {
        static final Impairment NONE = new Impairment(0, Duration.ZERO, Duration.ZERO, 0, Duration.ofMillis(200));

        Impairment {
            if (lossRate < 0 || lossRate > 1 || capBitsPerSecond < 0 || delay.isNegative() || jitter.isNegative()) {
                throw new IllegalArgumentException("bad impairment");
            }
        }

        static Impairment loss(double rate) {
            return NONE.withLoss(rate);
        }

        Impairment withLoss(double rate) {
            return new Impairment(rate, delay, jitter, capBitsPerSecond, queue);
        }

        Impairment withDelay(Duration d, Duration j) {
            return new Impairment(lossRate, d, j, capBitsPerSecond, queue);
        }

        Impairment withCap(long bitsPerSecond, Duration queueLength) {
            return new Impairment(lossRate, delay, jitter, bitsPerSecond, queueLength);
        }
    }

    /** Counters of one direction, readable from any thread. */
    static final class Counters {
        final AtomicLong received = new AtomicLong();
        final AtomicLong lost = new AtomicLong();
        final AtomicLong queueDrops = new AtomicLong();
        final AtomicLong sent = new AtomicLong();

        @Override
        public String toString() {
            return "received=" + received + " lost=" + lost + " queueDrops=" + queueDrops + " sent=" + sent;
        }
    }

    /** One client's link in one direction: its bottleneck queue and the order of its packets. */
    private static final class Link {
        long freeAtNanos;
        long lastDueNanos;
    }

    /** One direction's state; its fields are touched only by that direction's receiving thread(s) under lock. */
    private final class Direction {
        final Random random;
        final Counters counters = new Counters();
        final Map<SocketAddress, Link> links = new HashMap<>();
        volatile Impairment impairment;

        Direction(Impairment impairment, long seed) {
            this.impairment = impairment;
            this.random = new Random(seed);
        }

        /** Decides the fate of one packet on {@code client}'s link; schedules it or drops it. */
        synchronized void offer(SocketAddress client, byte[] data, int len, DatagramSocket out, SocketAddress to) {
            counters.received.incrementAndGet();
            if (blocked) {
                counters.lost.incrementAndGet();
                return;
            }
            Impairment im = impairment;
            double lossDraw = random.nextDouble();
            double jitterDraw = random.nextDouble();
            if (lossDraw < im.lossRate()) {
                counters.lost.incrementAndGet();
                return;
            }
            Link link = links.computeIfAbsent(client, c -> new Link());
            long now = System.nanoTime();
            long departs = now;
            if (im.capBitsPerSecond() > 0) {
                long start = Math.max(now, link.freeAtNanos);
                if (start - now > im.queue().toNanos()) {
                    counters.queueDrops.incrementAndGet(); // tail drop: the queue is full
                    return;
                }
                link.freeAtNanos = start + len * 8L * 1_000_000_000L / im.capBitsPerSecond();
                departs = link.freeAtNanos;
            }
            long due = departs + im.delay().toNanos() + (long) (jitterDraw * im.jitter().toNanos());
            due = Math.max(due, link.lastDueNanos + 1); // one path: jitter delays, it does not reorder
            link.lastDueNanos = due;
            byte[] copy = new byte[len];
            System.arraycopy(data, 0, copy, 0, len);
            queue.add(new Scheduled(due, copy, out, to, counters));
        }
    }

    private record Scheduled(long dueNanos, byte[] data, DatagramSocket out, SocketAddress to, Counters counters)
            implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            return Long.compare(dueNanos, ((Scheduled) o).dueNanos);
        }
    }

    private final InetSocketAddress target;
    private final DatagramSocket front;
    private final Direction up;
    private final Direction down;
    private final Map<SocketAddress, DatagramSocket> backs = new ConcurrentHashMap<>();
    private final DelayQueue<Scheduled> queue = new DelayQueue<>();
    private final Thread frontReader;
    private final Thread sender;
    private volatile boolean closed;
    /** Every datagram dropped, both ways (a path that went dead). */
    private volatile boolean blocked;

    /**
     * @param target the server's media port (127.0.0.1)
     * @param seed seeds both directions' decisions
     */
    ImpairmentRelay(InetSocketAddress target, Impairment uplink, Impairment downlink, long seed)
            throws SocketException {
        this.target = target;
        this.front = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        front.setReceiveBufferSize(1 << 21);
        this.up = new Direction(uplink, seed);
        this.down = new Direction(downlink, seed ^ 0x5DEECE66DL);
        this.frontReader = daemon("relay-front", this::readFront);
        this.sender = daemon("relay-sender", this::sendDue);
    }

    private static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Where clients must send: the port the server announces in its candidates. */
    int port() {
        return front.getLocalPort();
    }

    void setUplink(Impairment i) {
        up.impairment = i;
    }

    void setDownlink(Impairment i) {
        down.impairment = i;
    }

    /** Drops everything both ways while {@code true}: UDP blocked, as by a firewall or a dead path. */
    void block(boolean on) {
        blocked = on;
    }

    /**
     * Every client's datagrams toward the server leave from a new source port from now on (a NAT rebinding,
     * or a client that changed network behind the same relay): the server sees a new remote address.
     */
    void moveClientPorts() {
        for (SocketAddress client : java.util.List.copyOf(backs.keySet())) {
            DatagramSocket fresh = openBack(client);
            DatagramSocket old = fresh == null ? null : backs.put(client, fresh);
            if (old != null) {
                old.close();
            }
        }
    }

    /** Client → server counters. */
    Counters uplink() {
        return up.counters;
    }

    /** Server → client counters. */
    Counters downlink() {
        return down.counters;
    }

    private void readFront() {
        byte[] buf = new byte[2048];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        while (!closed) {
            try {
                p.setLength(buf.length);
                front.receive(p);
                SocketAddress client = p.getSocketAddress();
                DatagramSocket back = backs.computeIfAbsent(client, this::openBack);
                if (back != null) {
                    up.offer(client, buf, p.getLength(), back, target);
                }
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("relay: " + e);
                }
            }
        }
    }

    private DatagramSocket openBack(SocketAddress client) {
        try {
            DatagramSocket back = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            back.setReceiveBufferSize(1 << 21);
            daemon("relay-back-" + back.getLocalPort(), () -> readBack(back, client));
            return back;
        } catch (SocketException e) {
            System.err.println("relay: cannot open a socket for " + client + ": " + e);
            return null;
        }
    }

    private void readBack(DatagramSocket back, SocketAddress client) {
        byte[] buf = new byte[2048];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        while (!closed) {
            try {
                p.setLength(buf.length);
                back.receive(p);
                down.offer(client, buf, p.getLength(), front, client);
            } catch (IOException e) {
                if (back.isClosed()) {
                    return; // replaced by moveClientPorts()
                }
                if (!closed) {
                    System.err.println("relay: " + e);
                }
            }
        }
    }

    private void sendDue() {
        while (!closed) {
            try {
                Scheduled s = queue.poll(100, TimeUnit.MILLISECONDS);
                if (s != null) {
                    s.out().send(new DatagramPacket(s.data(), s.data().length, s.to()));
                    s.counters().sent.incrementAndGet();
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                if (!closed && !e.getMessage().contains("closed")) {
                    System.err.println("relay: " + e);
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        front.close();
        backs.values().forEach(DatagramSocket::close);
        sender.interrupt();
        frontReader.interrupt();
    }
}
