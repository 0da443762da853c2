package dev.parley.server.http;

import dev.parley.server.config.ServerLimits;
import dev.parley.server.signal.CloseCode;
import io.netty.channel.Channel;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may hold a connection on the HTTP port, decided when it is accepted (docs/SECURITY.md):
 * <ul>
 *   <li>at most {@code maxConnections} at once, so the process never runs out of file descriptors
 *       (the next accept would fail with EMFILE and stall every new client);</li>
 *   <li>at most {@code maxConnectionsPerIp} from one address;</li>
 *   <li>at most {@code maxUnjoinedPerIp} from one address that are not a joined WebSocket (plain HTTP,
 *       and WebSockets that have not joined a room);</li>
 *   <li>at most {@code maxUnjoined} such connections server-wide: over it, the <em>oldest</em> one is
 *       evicted to admit the new one. A slowloris holds its connections open as long as it can, a real
 *       client joins within a second, so evicting the oldest lets real clients in during a flood.</li>
 * </ul>
 *
 * <p>Thread-safe: the HTTP event loops admit and release concurrently, the SFU thread reports joins.
 * The per-address map holds only addresses with an open connection (an entry is removed when its count
 * returns to 0), so it is bounded by the connection cap, not by what clients send. An IPv6 client is
 * counted by its /64 prefix: one host may use any address of its subnet.
 */
final class ConnectionLimiter {
    private static final Logger log = LoggerFactory.getLogger(ConnectionLimiter.class);

    /** Why a connection was refused at accept. */
    enum Refusal {
        SERVER_FULL("connections on the HTTP port", "maxConnections"),
        ADDRESS_FULL("connections from this address", "maxConnectionsPerIp"),
        ADDRESS_UNJOINED_FULL("connections from this address that have not joined a room", "maxUnjoinedPerIp");

        final String what;
        final String key;

        Refusal(String what, String key) {
            this.what = what;
            this.key = key;
        }
    }

    /** Either a slot (the connection is admitted) or the reason it is not. */
    record Admission(Optional<Slot> slot, Optional<Refusal> refusal) {
        static Admission admitted(Slot slot) {
            return new Admission(Optional.of(slot), Optional.empty());
        }

        static Admission refused(Refusal why) {
            return new Admission(Optional.empty(), Optional.of(why));
        }
    }

    /** One admitted connection's place in the counts. */
    static final class Slot {
        final Channel channel;
        final InetAddress addressKey;
        final long order;
        private final AtomicBoolean unjoined = new AtomicBoolean(true);
        private final AtomicBoolean open = new AtomicBoolean(true);

        private Slot(Channel channel, InetAddress addressKey, long order) {
            this.channel = channel;
            this.addressKey = addressKey;
            this.order = order;
        }

        boolean isUnjoined() {
            return unjoined.get();
        }
    }

    /** Connections of one address (or IPv6 /64); immutable, replaced atomically in the map. */
    private record Counts(int connections, int unjoined) {
    }

    private final int maxConnections;
    private final int maxPerAddress;
    private final int maxUnjoined;
    private final int maxUnjoinedPerAddress;
    private final LogThrottle refusalLog;

    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger unjoinedCount = new AtomicInteger();
    private final AtomicLong admitted = new AtomicLong();
    private final AtomicLong evicted = new AtomicLong();
    private final java.util.Map<Refusal, java.util.concurrent.atomic.LongAdder> refused = new java.util.EnumMap<>(
            java.util.Map.of(Refusal.SERVER_FULL, new java.util.concurrent.atomic.LongAdder(),
                    Refusal.ADDRESS_FULL, new java.util.concurrent.atomic.LongAdder(),
                    Refusal.ADDRESS_UNJOINED_FULL, new java.util.concurrent.atomic.LongAdder()));
    private final Map<InetAddress, Counts> byAddress = new ConcurrentHashMap<>();
    /** Unjoined connections by admission order: the first is the oldest, the one to evict. */
    private final ConcurrentSkipListMap<Long, Slot> unjoinedByAge = new ConcurrentSkipListMap<>();

    ConnectionLimiter(int maxConnections, int maxPerAddress, int maxUnjoined, int maxUnjoinedPerAddress,
                      LogThrottle refusalLog) {
        if (maxConnections < 1 || maxPerAddress < 1 || maxUnjoined < 1 || maxUnjoinedPerAddress < 1) {
            throw new IllegalArgumentException("connection limits must be at least 1");
        }
        this.maxConnections = maxConnections;
        this.maxPerAddress = maxPerAddress;
        this.maxUnjoined = maxUnjoined;
        this.maxUnjoinedPerAddress = maxUnjoinedPerAddress;
        this.refusalLog = refusalLog;
    }

    static ConnectionLimiter of(ServerLimits limits, int maxConnections) {
        return new ConnectionLimiter(maxConnections, limits.maxConnectionsPerIp(), limits.maxUnjoined(),
                limits.maxUnjoinedPerIp(), LogThrottle.perMinute());
    }

    /** Admits {@code ch} from {@code address}, or says why not (the caller closes it). Any thread. */
    Admission admit(Channel ch, InetAddress address) {
        InetAddress key = addressKey(address);
        if (connections.incrementAndGet() > maxConnections) {
            connections.decrementAndGet();
            return refuse(Refusal.SERVER_FULL, key, maxConnections);
        }
        Refusal[] refusal = new Refusal[1];
        byAddress.compute(key, (k, c) -> {
            Counts counts = c == null ? new Counts(0, 0) : c;
            if (counts.connections() >= maxPerAddress) {
                refusal[0] = Refusal.ADDRESS_FULL;
                return c;
            }
            if (counts.unjoined() >= maxUnjoinedPerAddress) {
                refusal[0] = Refusal.ADDRESS_UNJOINED_FULL;
                return c;
            }
            return new Counts(counts.connections() + 1, counts.unjoined() + 1);
        });
        if (refusal[0] != null) {
            connections.decrementAndGet();
            return refuse(refusal[0], key,
                    refusal[0] == Refusal.ADDRESS_FULL ? maxPerAddress : maxUnjoinedPerAddress);
        }
        Slot slot = new Slot(ch, key, admitted.incrementAndGet());
        unjoinedByAge.put(slot.order, slot);
        if (unjoinedCount.incrementAndGet() > maxUnjoined) {
            evictOldestUnjoined(slot);
        }
        return Admission.admitted(slot);
    }

    /** The connection's WebSocket joined a room: it no longer counts as unjoined. Any thread. */
    void joined(Slot slot) {
        releaseUnjoined(slot);
    }

    /** The connection closed. Any thread; idempotent. */
    void closed(Slot slot) {
        releaseUnjoined(slot);
        if (slot.open.compareAndSet(true, false)) {
            connections.decrementAndGet();
            byAddress.computeIfPresent(slot.addressKey, (k, c) -> c.connections() <= 1 && c.unjoined() == 0
                    ? null : new Counts(c.connections() - 1, c.unjoined()));
        }
    }

    /** Connections refused for this reason since start, and (for metrics) the limit's config key. */
    long refusals(Refusal why) {
        return refused.get(why).sum();
    }

    /** Connections not joined to a room that were closed to make room for a new one. */
    long evictions() {
        return evicted.get();
    }

    /** Whether this call released it (false when it had joined, closed or been evicted already). */
    private boolean releaseUnjoined(Slot slot) {
        if (!slot.unjoined.compareAndSet(true, false)) {
            return false;
        }
        unjoinedByAge.remove(slot.order);
        unjoinedCount.decrementAndGet();
        byAddress.computeIfPresent(slot.addressKey, (k, c) -> new Counts(c.connections(), c.unjoined() - 1));
        return true;
    }

    private void evictOldestUnjoined(Slot admitting) {
        while (unjoinedCount.get() > maxUnjoined) {
            Map.Entry<Long, Slot> oldest = unjoinedByAge.firstEntry();
            if (oldest == null || oldest.getValue() == admitting) {
                return; // nothing older to evict (the others joined or closed meanwhile)
            }
            Slot victim = oldest.getValue();
            if (releaseUnjoined(victim)) {
                evicted.incrementAndGet();
                OptionalLong suppressed = refusalLog.admit("eviction");
                if (suppressed.isPresent()) {
                    log.info("evicted the oldest connection not joined to a room ({}) to admit one from {}: "
                            + "over {} such connections (limits.maxUnjoined){}", victim.channel.remoteAddress(),
                            admitting.channel.remoteAddress(), maxUnjoined, more(suppressed.getAsLong()));
                }
                ConnectionClose.withReason(victim.channel, CloseCode.TRY_AGAIN_LATER,
                        "server busy: too many connections waiting to join");
            } else {
                unjoinedByAge.remove(oldest.getKey(), victim);
            }
        }
    }

    private Admission refuse(Refusal why, InetAddress key, int limit) {
        refused.get(why).increment();
        OptionalLong suppressed = refusalLog.admit(why == Refusal.SERVER_FULL ? why : key);
        if (suppressed.isPresent()) {
            log.info("refused a connection from {}: {} {} (limits.{}){}", describe(key), limit, why.what, why.key,
                    more(suppressed.getAsLong()));
        }
        return Admission.refused(why);
    }

    private static String more(long suppressed) {
        return suppressed == 0 ? "" : "; " + suppressed + " more refused since the last line";
    }

    /** The client's IP address; in-memory test channels have none and count as loopback. */
    static InetAddress addressOf(Channel ch) {
        return ch.remoteAddress() instanceof InetSocketAddress a && a.getAddress() != null ? a.getAddress()
                : InetAddress.getLoopbackAddress();
    }

    /** The address counted for {@code address}: itself for IPv4, its /64 prefix for IPv6. */
    static InetAddress addressKey(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] prefix = Arrays.copyOf(address.getAddress(), 16);
        Arrays.fill(prefix, 8, 16, (byte) 0);
        try {
            return InetAddress.getByAddress(prefix);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are always an IPv6 address", e);
        }
    }

    private static String describe(InetAddress key) {
        return key instanceof Inet6Address ? key.getHostAddress() + "/64" : key.getHostAddress();
    }

    int connections() {
        return connections.get();
    }

    int unjoined() {
        return unjoinedCount.get();
    }

    /** Addresses with at least one open connection (the size of the per-address map). */
    int addresses() {
        return byAddress.size();
    }

    long evicted() {
        return evicted.get();
    }

    int maxConnections() {
        return maxConnections;
    }
}
