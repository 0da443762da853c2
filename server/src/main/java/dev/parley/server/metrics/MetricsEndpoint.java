package dev.parley.server.metrics;

import dev.parley.server.http.ApiEndpoint;
import dev.parley.server.room.RoomAdmin;
import dev.parley.server.room.RoomCounts;
import dev.parley.sfu.MediaCounters;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * {@code GET /metrics}: the rooms' counts and the media plane's totals are taken on the SFU thread (which owns
 * them), then the registry is scraped off the event loops.
 */
public final class MetricsEndpoint implements ApiEndpoint {
    public static final String PATH = "/metrics";
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final ServerMetrics metrics;
    private final RoomAdmin rooms;
    private final Supplier<MediaCounters> media;
    private final Executor sfuThread;
    private final Executor offThread;

    /** @param media the media plane's totals, summed on the SFU thread */
    public MetricsEndpoint(ServerMetrics metrics, RoomAdmin rooms, Supplier<MediaCounters> media, Executor sfuThread,
                           Executor offThread) {
        this.metrics = metrics;
        this.rooms = rooms;
        this.media = media;
        this.sfuThread = sfuThread;
        this.offThread = offThread;
    }

    @Override
    public CompletableFuture<Response> handle(Request request) {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return CompletableFuture.completedFuture(new Response(405, "text/plain",
                    "GET /metrics\n".getBytes(StandardCharsets.UTF_8)));
        }
        return CompletableFuture.supplyAsync(() -> new Snapshot(rooms.counts(), media.get()), sfuThread)
                .thenApplyAsync(snapshot -> {
                    metrics.update(snapshot.rooms(), snapshot.media());
                    return new Response(200, CONTENT_TYPE, metrics.scrape().getBytes(StandardCharsets.UTF_8));
                }, offThread);
    }

    private record Snapshot(RoomCounts rooms, MediaCounters media) {
    }
}
