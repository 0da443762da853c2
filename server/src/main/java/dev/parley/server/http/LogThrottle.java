package dev.parley.server.http;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * At most one log line per key (a client address, a kind of event) per interval, so that a flood of
 * refused connections does not become a flood of log lines. Thread-safe.
 *
 * <p>It remembers at most {@code capacity} keys, forgetting the one seen least recently: distinct
 * client addresses cannot grow it. A forgotten key may log again early, which is harmless.
 */
final class LogThrottle {
    private record Entry(long loggedAtNanos, long suppressed) {
    }

    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final Map<Object, Entry> entries;

    LogThrottle(Duration interval, int capacity, LongSupplier nanoClock) {
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, Entry> eldest) {
                return size() > capacity;
            }
        };
    }

    static LogThrottle perMinute() {
        return new LogThrottle(Duration.ofMinutes(1), 4096, System::nanoTime);
    }

    /**
     * Whether a line for {@code key} may be logged now. When it may, the value is how many events of that
     * key were suppressed since its last line (to say so in the line); when it may not, empty.
     */
    synchronized OptionalLong admit(Object key) {
        long now = nanoClock.getAsLong();
        Entry e = entries.get(key);
        if (e != null && now - e.loggedAtNanos() < intervalNanos) {
            entries.put(key, new Entry(e.loggedAtNanos(), e.suppressed() + 1));
            return OptionalLong.empty();
        }
        entries.put(key, new Entry(now, 0));
        return OptionalLong.of(e == null ? 0 : e.suppressed());
    }

    synchronized int size() {
        return entries.size();
    }
}
