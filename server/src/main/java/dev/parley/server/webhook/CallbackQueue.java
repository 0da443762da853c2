package dev.parley.server.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.server.config.AppCallback;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One app's events on their way to its callback URL: a bounded queue filled on the SFU thread (never
 * blocking it) and one sender thread that posts them one at a time, in order, retrying each with backoff
 * until the receiver answers 200 — at least once, and in order per app (hence per room). An event still
 * refused after {@link #GIVE_UP_AFTER} is dropped, counted and logged, so that one the receiver can never
 * accept does not hold back the others for ever. A full queue refuses new events (counted and logged).
 */
final class CallbackQueue implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CallbackQueue.class);
    /** TRTC waits 5 s for its receiver's answer. */
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    static final Duration GIVE_UP_AFTER = Duration.ofMinutes(10);
    static final long FIRST_RETRY_MILLIS = 500;
    static final long MAX_RETRY_MILLIS = 5000;

    private final long sdkAppId;
    private final AppCallback target;
    private final ObjectMapper json;
    private final HttpClient http;
    private final BlockingQueue<CallbackEvent> queue;
    private final Thread sender;
    private final WebhookCounters counters;
    /** Set at shutdown: the sender sends what is queued, then stops. */
    private volatile boolean draining;
    private long lastFullLog;

    CallbackQueue(long sdkAppId, AppCallback target, int capacity, ObjectMapper json, WebhookCounters counters) {
        this.sdkAppId = sdkAppId;
        this.target = target;
        this.json = json;
        this.counters = counters;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
        this.sender = new Thread(this::run, "webhook-" + sdkAppId);
        this.sender.setDaemon(true);
        this.sender.start();
    }

    /** Queues an event (SFU thread): never blocks; a full queue drops it, counted and logged. */
    void offer(CallbackEvent event) {
        if (queue.offer(event)) {
            counters.queued.increment();
            return;
        }
        counters.dropped.increment();
        long now = System.nanoTime();
        if (now - lastFullLog > 10_000_000_000L) {
            lastFullLog = now;
            log.error("webhook queue of app {} is full ({} events): event {} dropped; is {} down?", sdkAppId,
                    queue.size(), event.type(), target.url());
        }
    }

    int depth() {
        return queue.size();
    }

    private void run() {
        try {
            while (true) {
                CallbackEvent event = queue.poll(100, TimeUnit.MILLISECONDS);
                if (event == null) {
                    if (draining) {
                        return;
                    }
                    continue;
                }
                deliver(event);
                counters.queued.decrement();
            }
        } catch (InterruptedException e) {
            if (!queue.isEmpty()) {
                log.warn("webhooks of app {}: {} events not sent at shutdown", sdkAppId, queue.size());
            }
        }
    }

    private void deliver(CallbackEvent event) throws InterruptedException {
        long giveUpAt = System.nanoTime() + GIVE_UP_AFTER.toNanos();
        long backoff = FIRST_RETRY_MILLIS;
        for (int attempt = 1; ; attempt++) {
            String failure = attempt(event);
            if (failure == null) {
                counters.delivered.increment();
                if (attempt > 1) {
                    log.info("webhook {} of app {} delivered to {} at attempt {}", event.type(), sdkAppId,
                            target.url(), attempt);
                }
                return;
            }
            counters.failedAttempts.increment();
            if (System.nanoTime() > giveUpAt) {
                counters.givenUp.increment();
                log.error("webhook {} of app {} dropped after {} attempts over {}: {}", event.type(), sdkAppId,
                        attempt, GIVE_UP_AFTER, failure);
                return;
            }
            log.warn("webhook {} of app {} to {} failed (attempt {}): {}; retrying in {} ms", event.type(), sdkAppId,
                    target.url(), attempt, failure, backoff);
            Thread.sleep(backoff);
            backoff = Math.min(MAX_RETRY_MILLIS, backoff * 2);
        }
    }

    /** One POST; null when the receiver answered 200, else why not. */
    private String attempt(CallbackEvent event) throws InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("EventGroupId", event.group());
        body.put("EventType", event.type());
        body.put("CallbackTs", System.currentTimeMillis());
        body.put("EventInfo", event.info());
        try {
            byte[] bytes = json.writeValueAsBytes(body);
            HttpRequest.Builder req = HttpRequest.newBuilder(target.url()).timeout(TIMEOUT)
                    .header("Content-Type", "application/json")
                    .header("SdkAppId", Long.toString(sdkAppId))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
            target.key().ifPresent(key -> req.header("Sign", CallbackSignature.sign(key, bytes)));
            HttpResponse<Void> res = http.send(req.build(), HttpResponse.BodyHandlers.discarding());
            return res.statusCode() == 200 ? null : "HTTP " + res.statusCode();
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Stops taking new events; the sender goes on with the queued ones until {@link #awaitDrained}. */
    void drain() {
        draining = true;
    }

    /** Waits until the queue is sent or {@code deadlineNanos} (System.nanoTime) passes; then stops the sender. */
    void awaitDrained(long deadlineNanos) {
        try {
            sender.join(Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sender.interrupt();
    }

    @Override
    public void close() {
        drain();
        sender.interrupt();
    }

    /** What every app's queue counts, summed (the metrics). */
    static final class WebhookCounters {
        final LongAdder delivered = new LongAdder();
        final LongAdder failedAttempts = new LongAdder();
        final LongAdder dropped = new LongAdder();
        final LongAdder givenUp = new LongAdder();
        final LongAdder queued = new LongAdder();
    }
}
