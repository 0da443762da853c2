package dev.parley.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not a test (it is not named *IT, so {@code mvn verify} does not run it): the time from
 * {@code client.join()} to the first decoded remote video frame, for a subscriber joining a room where
 * a publisher is already sending, on loopback. Run:
 *
 * <pre>mvn verify -pl server -am -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=JoinToFirstFrameBench -Dparley.bench.runs=10</pre>
 *
 * <p>It writes {@code server/target/bench/join-to-first-frame.md}, which docs/PERFORMANCE.md quotes.
 */
class JoinToFirstFrameBench {
    /** Where a run's time went: join() resolved, the publisher's stream announced, subscribed, first frame. */
    static final String PHASES = "const t0 = window.__joinStart;"
            + " const at = (n) => { const e = window.__events.find((x) => x.name === n); return e ? e.at - t0 : NaN; };"
            + " const f = (x) => Number.isNaN(x) ? '-' : x.toFixed(0);"
            + " return '- joined ' + f(window.__joinedAt - t0) + ', stream-added ' + f(at('stream-added'))"
            + " + ', stream-subscribed ' + f(at('stream-subscribed')) + ', first frame '"
            + " + f(window.__firstFrameAt - t0);";

    @Test
    void joinToFirstRemoteFrame() throws Exception {
        int runs = Integer.getInteger("parley.bench.runs", 10);
        List<Double> millis = new ArrayList<>();
        List<String> phases = new ArrayList<>();
        try (ServerProcess server = ServerProcess.start(); PageServer pages = new PageServer(server.baseUrl());
             Browser publisher = new Browser()) {
            publisher.open(pages.url("seed-videocall.html") + "?sdkAppId=" + ServerProcess.SDK_APP_ID
                    + "&userId=pub&userSig=" + ServerProcess.userSig("pub") + "&roomId=777");
            Thread.sleep(3000); // the publisher is connected and sending before the measured joins
            for (int i = 0; i < runs; i++) {
                try (Browser sub = new Browser()) {
                    String user = "sub" + i;
                    sub.open(pages.url("seed-videocall.html") + "?sdkAppId=" + ServerProcess.SDK_APP_ID
                            + "&userId=" + user + "&userSig=" + ServerProcess.userSig(user) + "&roomId=777");
                    long deadline = System.nanoTime() + 30_000_000_000L;
                    Object first = null;
                    while (System.nanoTime() < deadline && first == null) {
                        Thread.sleep(50);
                        first = sub.js("return window.__firstFrameAt === undefined ? null"
                                + " : window.__firstFrameAt - window.__joinStart");
                    }
                    assertThat(first).as("run %d: no remote frame within 30 s", i).isNotNull();
                    millis.add(((Number) first).doubleValue());
                    phases.add((String) sub.js(PHASES));
                }
            }
            // The server's side of the same runs (transports connecting, keyframe requests), beside the report.
            Files.createDirectories(Path.of("target", "bench"));
            Files.writeString(Path.of("target", "bench", "join-to-first-frame-server.log"), server.log());
        }
        Collections.sort(millis);
        String report = String.format("# join() to first remote video frame (loopback)%n%n"
                        + "- date: %s%n- runs: %d%n- median: %.0f ms%n- min: %.0f ms%n- max: %.0f ms%n"
                        + "- all (sorted, ms): %s%n- machine: %d cores, %s %s, Java %s%n%n"
                        + "Each run, in order (ms after join() was called):%n%n%s%n",
                LocalDate.now(), millis.size(), millis.get(millis.size() / 2), millis.get(0),
                millis.get(millis.size() - 1), millis.stream().map(d -> String.format("%.0f", d)).toList(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.arch"), System.getProperty("java.version"),
                String.join(String.format("%n"), phases));
        Path out = Path.of("target", "bench", "join-to-first-frame.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        System.out.println(report);
    }
}
