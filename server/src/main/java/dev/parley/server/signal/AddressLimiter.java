package dev.parley.server.signal;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.function.LongSupplier;

/**
 * Join attempts and refused joins per client address, so that a flood from one address is refused before
 * any UserSig is verified. Thread-safe (signaling threads call it). Bounded: at most {@link #MAX_ADDRESSES}
 * addresses are tracked, the least recently seen forgotten first (an address unseen that long has
 * usually refilled anyway). IPv6 clients are counted per /64, the block one subscriber usually holds.
 */
public final class AddressLimiter {
    static final int MAX_ADDRESSES = 16_384;

    private final int joinsPerMinute;
    private final int failuresPerMinute;
    private final LongSupplier nanos;
    private final LinkedHashMap<Key, Buckets> byAddress = new LinkedHashMap<>(64, 0.75f, true);

    /** What {@link #admitJoin} decided; {@code retryAfterSeconds} is set when refused. */
    public record Admission(boolean admitted, String refusal, long retryAfterSeconds) {
        static final Admission OK = new Admission(true, "", 0);
    }

    public AddressLimiter(int joinsPerMinute, int failuresPerMinute, LongSupplier nanos) {
        this.joinsPerMinute = joinsPerMinute;
        this.failuresPerMinute = failuresPerMinute;
        this.nanos = nanos;
    }

    /** A join attempt from {@code address}: admitted unless the address is over either limit. */
    public synchronized Admission admitJoin(InetAddress address) {
        Buckets b = buckets(address);
        if (!b.failures.hasToken()) {
            return new Admission(false, "too many refused joins from your address (at most " + failuresPerMinute
                    + " a minute)", b.failures.secondsUntilToken());
        }
        if (!b.joins.tryTake()) {
            return new Admission(false, "too many join attempts from your address (at most " + joinsPerMinute
                    + " a minute)", b.joins.secondsUntilToken());
        }
        return Admission.OK;
    }

    /** A join from {@code address} was refused by authentication. */
    public synchronized void recordFailure(InetAddress address) {
        buckets(address).failures.tryTake();
    }

    /** Addresses tracked now (tests, metrics). */
    public synchronized int size() {
        return byAddress.size();
    }

    private Buckets buckets(InetAddress address) {
        Key key = Key.of(address);
        Buckets b = byAddress.get(key);
        if (b == null) {
            if (byAddress.size() >= MAX_ADDRESSES) {
                Iterator<Key> eldest = byAddress.keySet().iterator();
                eldest.next();
                eldest.remove();
            }
            b = new Buckets(new TokenBucket(joinsPerMinute, joinsPerMinute / 60.0, nanos),
                    new TokenBucket(failuresPerMinute, failuresPerMinute / 60.0, nanos));
            byAddress.put(key, b);
        }
        return b;
    }

    private record Buckets(TokenBucket joins, TokenBucket failures) {
    }

    /** An IPv4 address, or an IPv6 address's /64 prefix. */
    private record Key(byte[] bytes) {
        static Key of(InetAddress a) {
            byte[] raw = a.getAddress();
            return new Key(a instanceof Inet6Address ? Arrays.copyOf(raw, 8) : raw);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(bytes, k.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }
}
