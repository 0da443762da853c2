package dev.parley.server.it;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A seed page in a call, in Chromium ({@link Browser}) or Firefox ({@link Firefox}), as the reconnection tests
 * see it: frames decoded by all its connections (getStats), the events it got (hooks.js), its connection state.
 */
interface CallPage {
    /** Runs a function body in the page (it may await and return). */
    Object eval(String body);

    String name();

    /** Video frames decoded by every open connection of the page (hooks.js {@code __rtpStats}). */
    default long framesDecoded() {
        Object v = eval("return (await window.__rtpStats()).inVideo.framesDecoded || 0;");
        return ((Number) v).longValue();
    }

    @SuppressWarnings("unchecked")
    default List<Map<String, Object>> events() {
        return (List<Map<String, Object>>) eval("return window.__events || [];");
    }

    default long count(String event, String userId) {
        return events().stream().filter(e -> event.equals(e.get("name"))
                && (userId == null || userId.equals(e.get("userId")))).count();
    }

    /** The connection states the page went through, in order. */
    default List<Object> states() {
        return events().stream().filter(e -> "connection-state-changed".equals(e.get("name")))
                .map(e -> e.get("state")).toList();
    }

    default String state() {
        return (String) eval("return window.__client ? window.__client.getConnectionState() : 'NONE';");
    }

    /**
     * Waits until the page has decoded {@code frames} new video frames (summed over its connections; a
     * connection that closes and takes its count with it does not count against). Returns the time it took.
     */
    default Duration awaitDecoding(String what, int frames, Duration timeout, Supplier<String> context) {
        long start = System.nanoTime();
        long[] last = {-1}; // no sample yet (a sample that fails is simply not counted)
        long[] gained = {0};
        Poll.until(name() + " decodes video " + what, timeout, () -> {
            long now = framesDecoded();
            if (last[0] >= 0) {
                gained[0] += Math.max(0, now - last[0]);
            }
            last[0] = now;
            return gained[0] >= frames;
        }, context);
        return Duration.ofNanos(System.nanoTime() - start);
    }

    static CallPage of(Browser b, String name) {
        return new CallPage() {
            @Override
            public Object eval(String body) {
                return b.jsAsync("const done = arguments[arguments.length - 1];"
                        + "(async () => {" + body + "})().then(done, e => done({error: String(e)}));");
            }

            @Override
            public String name() {
                return name;
            }
        };
    }

    static CallPage of(Firefox f, String name) {
        return new CallPage() {
            @Override
            public Object eval(String body) {
                return f.js(Duration.ofSeconds(20), body);
            }

            @Override
            public String name() {
                return name;
            }
        };
    }

    /** Waits for a condition of the page (a BooleanSupplier that may throw while the page loads). */
    static void await(String what, Duration timeout, BooleanSupplier condition, Supplier<String> context) {
        Poll.until(what, timeout, condition, context);
    }
}
