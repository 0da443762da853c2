package dev.parley.server.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One participant of a browser call as the reachability ITs see it, whichever browser runs it: what it
 * subscribed to, whether that plays (advancing video, non-silent audio), and which candidate pairs its
 * peer connections selected.
 */
interface CallSide {
    String name();

    /** Runs a function body in the page that may {@code await} and returns its value. */
    Object js(String body);

    Map<String, Object> measure(String streamId, int ms);

    String diagnostics();

    @SuppressWarnings("unchecked")
    default List<String> subscribedStreamIds() {
        return (List<String>) js("const gone = new Set((window.__events || [])"
                + ".filter((e) => e.name === 'stream-removed').map((e) => e.streamId));"
                + "return Object.keys(window.__remote || {}).filter((id) => !gone.has(id));");
    }

    /** The candidate pair of each connected peer connection (hooks.js {@code __selectedPairs}). */
    @SuppressWarnings("unchecked")
    default List<Map<String, Map<String, Object>>> selectedPairs() {
        return (List<Map<String, Map<String, Object>>>) js("return await window.__selectedPairs();");
    }

    static CallSide chromium(Browser b, String name) {
        return new CallSide() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Object js(String body) {
                return b.jsAsync("const done = arguments[arguments.length - 1];"
                        + "(async () => {" + body + "})().then(done, (e) => done({error: String(e)}));");
            }

            @Override
            public Map<String, Object> measure(String streamId, int ms) {
                return b.measure(streamId, ms);
            }

            @Override
            public String diagnostics() {
                return "--- " + name + ": events ---\n" + b.events();
            }
        };
    }

    static CallSide firefox(Firefox f, String name) {
        return new CallSide() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Object js(String body) {
                return f.js(Duration.ofSeconds(15), body);
            }

            @Override
            public Map<String, Object> measure(String streamId, int ms) {
                return f.measure(streamId, ms);
            }

            @Override
            public String diagnostics() {
                return "--- " + name + ": page log ---\n" + Poll.tail(f.pageLog(), 60)
                        + "\n--- " + name + ": WebRTC ---\n" + f.webrtcState();
            }
        };
    }

    /**
     * Every one of {@code expected} remote streams of {@code side} decodes advancing video frames with a
     * width and carries non-silent audio, within bounded windows (a user sees and hears the other within
     * seconds).
     */
    static void assertReceivesLiveMedia(CallSide side, int expected, Supplier<String> context) {
        long start = System.nanoTime();
        Poll.until(side.name() + " subscribed to " + expected + " remote stream(s)", Duration.ofSeconds(45),
                () -> side.subscribedStreamIds().size() == expected, context);
        for (String id : side.subscribedStreamIds()) {
            Poll.until(side.name() + " decodes frames of " + id, Duration.ofSeconds(30),
                    () -> number(side.measure(id, 300), "framesAfter") > 0, context);
            Map<String, Object> m = Map.of();
            for (int window = 0; window < 4 && !isLive(m); window++) {
                m = side.measure(id, 3000);
            }
            System.out.printf("%s: %s live after %d ms: %s%n", side.name(), id,
                    (System.nanoTime() - start) / 1_000_000, m);
            if (!isLive(m)) {
                throw new AssertionError(side.name() + ": " + id + " is not live video and audio: " + m
                        + context.get());
            }
        }
    }

    private static boolean isLive(Map<String, Object> m) {
        return !m.containsKey("error") && number(m, "framesAfter") > number(m, "framesBefore") + 5
                && number(m, "width") > 0 && number(m, "audioMax") > 0.01;
    }

    private static double number(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** What to print when a call fails: the server's log and each side's diagnostics. */
    static String context(ServerProcess server, List<CallSide> sides) {
        StringBuilder sb = new StringBuilder("\n--- server log (tail) ---\n").append(Poll.tail(server.log(), 60));
        for (CallSide s : new ArrayList<>(sides)) {
            try {
                sb.append('\n').append(s.diagnostics());
            } catch (RuntimeException e) {
                sb.append("\n--- ").append(s.name()).append(": diagnostics unavailable: ").append(e);
            }
        }
        return sb.toString();
    }
}
