package dev.parley.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not a test (not named *IT, so {@code mvn verify} does not run it): join() to the first decoded
 * remote video frame for a subscriber reaching the server over UDP, over ICE-TCP (Chromium's
 * disable_non_proxied_udp) and over TURN/TCP through coturn (no TCP media port, the server's TURN
 * credentials), on loopback, with a publisher already sending. Run:
 *
 * <pre>mvn verify -pl server -am -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=JoinToFirstFrameByPathBench -Dparley.bench.runs=10</pre>
 *
 * <p>It writes {@code server/target/bench/join-to-first-frame-by-path.md}, which docs/PERFORMANCE.md quotes.
 */
class JoinToFirstFrameByPathBench {
    private static final String SECRET = "bench-turn-secret-0123456789abcdef";

    @Test
    void joinToFirstRemoteFrameOverUdpTcpAndTurn() throws Exception {
        int runs = Integer.getInteger("parley.bench.runs", 10);
        StringBuilder report = new StringBuilder("# join() to first remote video frame by network path (loopback)\n\n")
                .append("- date: ").append(LocalDate.now()).append("\n- runs per path: ").append(runs)
                .append("\n- machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
                .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch"))
                .append(", Java ").append(System.getProperty("java.version")).append("\n\n")
                .append("| path | subscriber's selected pair | median | min | max | all (sorted, ms) |\n")
                .append("|---|---|---|---|---|---|\n");
        try (ServerProcess server = ServerProcess.start()) {
            report.append(row("UDP", "udp host", measure(server, runs, Browser::new, "udp")));
            report.append(row("ICE-TCP", "tcp host (passive)", measure(server, runs, Browser::withoutUdp, "tcp")));
        }
        try (CoturnProcess coturn = CoturnProcess.start(SECRET);
             ServerProcess server = ServerProcess.start("--tcp-port", "off", "--turn-urls", coturn.tcpUrl(),
                     "--turn-secret", SECRET)) {
            report.append(row("TURN/TCP (coturn)", "relay over tcp",
                    measure(server, runs, Browser::withoutUdp, "relay")));
        }
        Path out = Path.of("target", "bench", "join-to-first-frame-by-path.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        System.out.println(report);
    }

    private static String row(String path, String pair, List<Double> ms) {
        Collections.sort(ms);
        return String.format("| %s | %s | %.0f ms | %.0f ms | %.0f ms | %s |%n", path, pair, ms.get(ms.size() / 2),
                ms.get(0), ms.get(ms.size() - 1), ms.stream().map(d -> String.format("%.0f", d)).toList());
    }

    /** @param expected "udp", "tcp" or "relay": what the subscriber's selected pairs must be */
    private static List<Double> measure(ServerProcess server, int runs, Supplier<Browser> subscriber, String expected)
            throws Exception {
        List<Double> millis = new ArrayList<>();
        int room = 900 + expected.length();
        try (PageServer pages = new PageServer(server.baseUrl()); Browser publisher = subscriber.get()) {
            publisher.open(pages.url("seed-videocall.html") + IceTcpCallIT.query("pub", room));
            Thread.sleep(3000); // the publisher is connected and sending before the measured joins
            for (int i = 0; i < runs; i++) {
                try (Browser sub = subscriber.get()) {
                    sub.open(pages.url("seed-videocall.html") + IceTcpCallIT.query("sub" + i, room));
                    long deadline = System.nanoTime() + 30_000_000_000L;
                    Object first = null;
                    while (System.nanoTime() < deadline && first == null) {
                        Thread.sleep(50);
                        first = sub.js("return window.__firstFrameAt === undefined ? null"
                                + " : window.__firstFrameAt - window.__joinStart");
                    }
                    assertThat(first).as("%s run %d: no remote frame within 30 s", expected, i).isNotNull();
                    List<Map<String, Map<String, Object>>> pairs = sub.selectedPairs();
                    assertThat(pairs).as("%s run %d", expected, i).isNotEmpty().allSatisfy(p -> assertThat(
                            expected.equals("relay") ? p.get("local").get("candidateType")
                                    : p.get("local").get("protocol")).isEqualTo(expected));
                    millis.add(((Number) first).doubleValue());
                }
            }
        }
        return millis;
    }
}
