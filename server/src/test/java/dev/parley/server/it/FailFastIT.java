package dev.parley.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, fail fast and visibly: against the real jar, a fatal fault makes {@code /healthz} answer 503
 * {@code failing} with the reason within the exit delay, and then the process exits by itself with
 * status 70, so that a supervisor restarts it. The faults come from the test-only endpoints that exist
 * only under {@code -Dparley.faultInjection=true}.
 */
class FailFastIT {
    private static final int EXIT_DELAY_MILLIS = 5000;
    private static final int FATAL_EXIT_STATUS = 70;

    private static ServerProcess start() throws Exception {
        return ServerProcess.with()
                .jvm("-Xmx96m", "-Dparley.faultInjection=true")
                .yaml("limits:\n  fatalExitDelayMillis: " + EXIT_DELAY_MILLIS + "\n")
                .start();
    }

    @Test
    void anOutOfMemoryErrorOnTheSfuThreadFailsHealthzThenEndsTheProcessWithStatus70() throws Exception {
        try (ServerProcess server = start()) {
            failsThenExits(server, "/api/fault/oom", "OutOfMemoryError");
        }
    }

    @Test
    void aDeadMediaEventLoopFailsHealthzThenEndsTheProcessWithStatus70() throws Exception {
        try (ServerProcess server = start()) {
            failsThenExits(server, "/api/fault/kill-media-loop", "event loop thread media-");
        }
    }

    @Test
    void anEmbeddedServerReportsAFatalErrorWithoutEndingTheJvm() throws Exception {
        try (InProcessServer server = InProcessServer.start("limits:\n  fatalExitDelayMillis: 0\n")) {
            assertThat(server.get("/healthz").statusCode()).isEqualTo(200);

            server.server().fatalErrors().report("a test's fatal condition", null);

            HttpResponse<String> h = server.get("/healthz");
            assertThat(h.statusCode()).isEqualTo(503);
            assertThat(h.body()).contains("\"status\":\"failing\"").contains("\"reason\":\"a test's fatal condition\"")
                    .contains("\"rooms\":0");
            Thread.sleep(200); // past the (zero) exit delay: this JVM is still here to assert it
            assertThat(server.get("/healthz").statusCode()).isEqualTo(503);
        }
    }

    @Test
    void withoutTheSystemPropertyThereAreNoFaultEndpoints() throws Exception {
        assertThat(System.getProperty("parley.faultInjection")).isNull();
        try (InProcessServer server = InProcessServer.start("")) {
            java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + server.httpPort()
                            + "/api/fault/oom")).POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("the ordinary handler: GET only").isEqualTo(405);
            assertThat(server.get("/healthz").statusCode()).isEqualTo(200);
            assertThat(server.server().fatalErrors().failure()).isEmpty();
        }
    }

    private static void failsThenExits(ServerProcess server, String fault, String reason) throws Exception {
        HttpResponse<String> healthy = server.get("/healthz");
        assertThat(healthy.statusCode()).isEqualTo(200);
        assertThat(healthy.body()).contains("\"status\":\"ok\"").contains("\"rooms\":0");
        try (SignalClient before = SignalClient.connect(server.httpPort(), "before")) {
            before.ok("join", joinData("before"));
        }

        long faultAt = System.nanoTime();
        assertThat(server.post(fault).statusCode()).as("fault endpoint %s", fault).isEqualTo(202);

        // Poll every 100 ms: the 503 must be seen while the process still waits out the exit delay.
        HttpResponse<String> failing = null;
        long failingAfterMillis = -1;
        while (System.nanoTime() - faultAt < Duration.ofMillis(EXIT_DELAY_MILLIS).toNanos()) {
            HttpResponse<String> h = server.get("/healthz");
            if (h.statusCode() != 200) {
                failing = h;
                failingAfterMillis = (System.nanoTime() - faultAt) / 1_000_000;
                break;
            }
            Thread.sleep(100);
        }
        assertThat(failing).as("/healthz failing within %d ms of %s; log:\n%s", EXIT_DELAY_MILLIS, fault,
                Poll.tail(server.log(), 30)).isNotNull();
        assertThat(failing.statusCode()).isEqualTo(503);
        assertThat(failing.body()).contains("\"status\":\"failing\"").contains(reason);
        assertThat(server.isAlive()).as("still up during the delay, for health checks to see").isTrue();

        OptionalInt status = server.awaitExit(Duration.ofMillis(EXIT_DELAY_MILLIS + 10_000));
        long exitedAfterMillis = (System.nanoTime() - faultAt) / 1_000_000;
        assertThat(status).as("the process exits by itself; log:\n%s", Poll.tail(server.log(), 30))
                .hasValue(FATAL_EXIT_STATUS);
        assertThat(exitedAfterMillis).as("not before the delay").isGreaterThanOrEqualTo(EXIT_DELAY_MILLIS);
        assertThat(server.log()).contains("exiting with status 70 after a fatal error");
        System.out.printf("FailFastIT %s: /healthz 503 after %d ms, exit 70 after %d ms (delay %d ms)%n", fault,
                failingAfterMillis, exitedAfterMillis, EXIT_DELAY_MILLIS);
    }

    private static java.util.Map<String, Object> joinData(String userId) {
        return java.util.Map.of("sdkAppId", ServerProcess.SDK_APP_ID, "userId", userId,
                "userSig", ServerProcess.userSig(userId), "roomId", 4242, "role", "anchor", "mode", "rtc",
                "sdkVersion", "4.15.0-parley");
    }
}
