package dev.parley.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.media.dtls.DtlsCertificate;
import dev.parley.sfu.BrowserOffers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What an attack must leave possible: a new client, from 127.0.0.1, joins the running call's room,
 * publishes (its media connected), subscribes to the call's stream (downlink offer answered, media
 * connected) and receives a packet of it, all within a time limit.
 */
final class LegitimateClient {
    private static final AtomicInteger IDS = new AtomicInteger();

    private LegitimateClient() {
    }

    /**
     * Runs the whole check; returns how long it took.
     *
     * @throws AssertionError naming the step that failed or did not finish within {@code timeout}
     */
    static Duration check(ServerProcess server, RunningCall call, ExecutorService dtls, Duration timeout)
            throws Exception {
        String userId = "legit" + IDS.incrementAndGet();
        List<AutoCloseable> opened = new CopyOnWriteArrayList<>();
        String[] step = {"connect"};
        long t0 = System.nanoTime();
        ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "legitimate-client-" + userId);
            t.setDaemon(true);
            return t;
        });
        CompletableFuture<Void> run = CompletableFuture.runAsync(() -> {
            try {
                SignalClient signal = SignalClient.connect(server.httpPort(), userId);
                opened.add(signal);
                step[0] = "join";
                signal.ok("join", RunningCall.join(ServerProcess.SDK_APP_ID, userId, ServerProcess.userSig(userId),
                        call.roomId));
                step[0] = "publish";
                HeadlessPeer up = new HeadlessPeer(userId + "-up", DtlsCertificate.generate(), dtls);
                opened.add(up);
                JsonNode published = signal.ok("publish", Map.of("offer",
                        PeerMedia.offerFrom(up, BrowserOffers.read(BrowserOffers.CHROME)), "type", "main"));
                step[0] = "connect the uplink (ICE, DTLS)";
                PeerMedia.connect(up, published.path("answer").asText());
                step[0] = "subscribe";
                HeadlessPeer down = new HeadlessPeer(userId + "-down", DtlsCertificate.generate(), dtls);
                opened.add(down);
                String offer = signal.ok("subscribe", Map.of("streamId", call.streamId)).path("offer").asText();
                step[0] = "downlink-answer";
                signal.ok("downlink-answer", Map.of("answer", PeerMedia.downlinkAnswerFrom(down, offer)));
                step[0] = "connect the downlink (ICE, DTLS)";
                PeerMedia.connect(down, offer);
                step[0] = "receive the call's media";
                down.awaitRtp(Duration.ofSeconds(10));
                step[0] = "done";
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, thread);
        try {
            run.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return Duration.ofNanos(System.nanoTime() - t0);
        } catch (TimeoutException e) {
            throw new AssertionError("legitimate client " + userId + " did not finish within " + timeout
                    + "; stuck at: " + step[0]);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError("legitimate client " + userId + " failed at: " + step[0] + ": " + e.getCause(),
                    e.getCause());
        } finally {
            run.cancel(true);
            thread.shutdownNow();
            for (int i = opened.size() - 1; i >= 0; i--) {
                try {
                    opened.get(i).close();
                } catch (Exception e) {
                    // best effort
                }
            }
        }
    }
}
