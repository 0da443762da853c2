package dev.parley.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.media.MalformedPacketException;
import dev.parley.media.dtls.DtlsCertificate;
import dev.parley.media.rtp.RtpPacket;
import dev.parley.media.sdp.MediaDescription;
import dev.parley.media.sdp.MediaKind;
import dev.parley.media.sdp.SessionDescription;
import dev.parley.sfu.BrowserOffers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A call in progress through the server jar, for the attack tests to watch: one headless publisher sending
 * what Chrome's offer announced (Opus at 50 packets/s, VP8 at 100 packets/s with a keyframe every half
 * second) and subscribers counting what arrives. Every packet carries its send time ({@link System#nanoTime},
 * same JVM), so each subscriber also measures forwarding latency.
 */
final class RunningCall implements AutoCloseable {
    static final long AUDIO_SSRC = 3_419_704_644L; // Chrome's offer
    static final long VIDEO_SSRC = 957_408_553L;
    private static final int VIDEO_PAYLOAD = 900;
    private static final int AUDIO_PAYLOAD = 80;
    private static final int TIME_OFFSET_VIDEO = 4; // after the VP8 descriptor (RFC 7741) bytes
    private static final int TIME_OFFSET_AUDIO = 0;

    final Object roomId;
    final String streamId;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final SignalClient publisherSignal;
    private final HeadlessPeer publisher;
    private final List<Subscriber> subscribers = new ArrayList<>();
    private final ScheduledExecutorService sender;
    private final AtomicLong sent = new AtomicLong();
    private final Latencies latencies = new Latencies();
    private int audioSeq = 1; // sender thread only
    private int videoSeq = 1;
    private long ticks;

    /** One subscriber: its peer, its signaling, what it received. */
    private static final class Subscriber {
        final String userId;
        final HeadlessPeer peer;
        final SignalClient signal;
        final AtomicLong received = new AtomicLong();
        long audioSsrc;
        long videoSsrc;
        volatile boolean running = true;
        Thread reader;

        Subscriber(String userId, HeadlessPeer peer, SignalClient signal) {
            this.userId = userId;
            this.peer = peer;
            this.signal = signal;
        }
    }

    /** Forwarding latencies since the last {@link #reset()}, in microseconds. */
    private static final class Latencies {
        private long[] values = new long[4096];
        private int n;

        synchronized void add(long micros) {
            if (n == values.length) {
                values = Arrays.copyOf(values, n * 2);
            }
            values[n++] = micros;
        }

        synchronized Percentiles takeAndReset() {
            long[] v = Arrays.copyOf(values, n);
            n = 0;
            Arrays.sort(v);
            return new Percentiles(v.length, at(v, 0.50), at(v, 0.99), v.length == 0 ? 0 : v[v.length - 1]);
        }

        private static double at(long[] sorted, double q) {
            return sorted.length == 0 ? Double.NaN
                    : sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))] / 1000.0;
        }
    }

    /** Percentiles in milliseconds over {@code count} samples. */
    record Percentiles(int count, double p50, double p99, long maxMicros) {
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "p50=%.2fms p99=%.2fms n=%d", p50, p99, count);
        }
    }

    private RunningCall(Object roomId, String streamId, SignalClient publisherSignal, HeadlessPeer publisher) {
        this.roomId = roomId;
        this.streamId = streamId;
        this.publisherSignal = publisherSignal;
        this.publisher = publisher;
        this.sender = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "running-call-sender");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Joins {@code pub} and {@code subscriberCount} subscribers ({@code sub1}, ...) to {@code roomId} of the
     * server's app, connects their media and starts sending; returns once every subscriber receives.
     */
    static RunningCall start(ServerProcess server, Object roomId, int subscriberCount, ExecutorService dtls)
            throws Exception {
        SignalClient pubSignal = SignalClient.connect(server.httpPort(), "pub");
        HeadlessPeer pub = new HeadlessPeer("pub", DtlsCertificate.generate(), dtls);
        RunningCall call;
        try {
            pubSignal.ok("join", join(ServerProcess.SDK_APP_ID, "pub", ServerProcess.userSig("pub"), roomId));
            JsonNode published = pubSignal.ok("publish", Map.of("offer",
                    PeerMedia.offerFrom(pub, BrowserOffers.read(BrowserOffers.CHROME)), "type", "main"));
            PeerMedia.connect(pub, published.path("answer").asText());
            call = new RunningCall(roomId, published.path("streamId").asText(), pubSignal, pub);
        } catch (Exception | AssertionError e) {
            pub.close();
            pubSignal.close();
            throw e;
        }
        call.closeables.add(pubSignal);
        call.closeables.add(pub);
        try {
            call.sender.scheduleAtFixedRate(call::tick, 0, 10, TimeUnit.MILLISECONDS);
            for (int i = 1; i <= subscriberCount; i++) {
                call.addSubscriber(server, "sub" + i, dtls);
            }
            call.awaitEveryoneReceives(Duration.ofSeconds(10));
        } catch (Exception | AssertionError e) {
            call.close();
            throw e;
        }
        return call;
    }

    static Map<String, Object> join(long sdkAppId, String userId, String userSig, Object roomId) {
        return Map.of("sdkAppId", sdkAppId, "userId", userId, "userSig", userSig, "roomId", roomId,
                "role", "anchor", "mode", "rtc", "sdkVersion", "4.15.0-parley");
    }

    private void addSubscriber(ServerProcess server, String userId, ExecutorService dtls) throws Exception {
        SignalClient signal = SignalClient.connect(server.httpPort(), userId);
        closeables.add(signal);
        HeadlessPeer peer = new HeadlessPeer(userId, DtlsCertificate.generate(), dtls);
        closeables.add(peer);
        signal.ok("join", join(ServerProcess.SDK_APP_ID, userId, ServerProcess.userSig(userId), roomId));
        String offer = signal.ok("subscribe", Map.of("streamId", streamId)).path("offer").asText();
        Subscriber s = new Subscriber(userId, peer, signal);
        for (MediaDescription m : SessionDescription.parse(offer).media()) {
            if (m.kind() == MediaKind.AUDIO) {
                s.audioSsrc = m.ssrcIds().get(0);
            } else if (m.kind() == MediaKind.VIDEO) {
                s.videoSsrc = m.ssrcIds().get(0);
            }
        }
        signal.ok("downlink-answer", Map.of("answer", PeerMedia.downlinkAnswerFrom(peer, offer)));
        PeerMedia.connect(peer, offer);
        s.reader = new Thread(() -> receive(s), "running-call-" + userId);
        s.reader.setDaemon(true);
        s.reader.start();
        subscribers.add(s);
    }

    private void tick() {
        try {
            long now = System.nanoTime();
            boolean keyframe = ticks % 50 == 0;
            publisher.sendRtp(video(videoSeq++, keyframe, now));
            sent.incrementAndGet();
            if (ticks % 2 == 0) {
                publisher.sendRtp(audio(audioSeq++, now));
                sent.incrementAndGet();
            }
            ticks++;
        } catch (RuntimeException e) {
            // the server went away; the assertions will say so
        }
    }

    private void receive(Subscriber s) {
        while (s.running) {
            byte[] p;
            try {
                p = s.peer.awaitRtp(Duration.ofMillis(200));
            } catch (TimeoutException e) {
                continue;
            } catch (Exception e) {
                return;
            }
            long now = System.nanoTime();
            long ssrc = ((p[8] & 0xFFL) << 24) | ((p[9] & 0xFFL) << 16) | ((p[10] & 0xFFL) << 8) | (p[11] & 0xFFL);
            int offset = ssrc == s.audioSsrc ? TIME_OFFSET_AUDIO : ssrc == s.videoSsrc ? TIME_OFFSET_VIDEO : -1;
            if (offset < 0) {
                continue; // RTX or padding
            }
            s.received.incrementAndGet();
            try {
                RtpPacket r = RtpPacket.parse(p, 0, p.length);
                if (r.payloadLength() >= offset + 8) {
                    long sentAt = readLong(p, r.payloadOffset() + offset);
                    latencies.add((now - sentAt) / 1000);
                }
            } catch (MalformedPacketException e) {
                // counted, not timed
            }
        }
    }

    private static long readLong(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return v;
    }

    private static void writeLong(byte[] b, int off, long v) {
        for (int i = 7; i >= 0; i--) {
            b[off + i] = (byte) v;
            v >>>= 8;
        }
    }

    private static byte[] rtp(int pt, long ssrc, int seq, long ts, boolean marker, byte[] payload) {
        byte[] p = new byte[12 + payload.length];
        p[0] = (byte) 0x80;
        p[1] = (byte) ((marker ? 0x80 : 0) | pt);
        p[2] = (byte) (seq >> 8);
        p[3] = (byte) seq;
        for (int i = 0; i < 4; i++) {
            p[4 + i] = (byte) (ts >> (24 - 8 * i));
            p[8 + i] = (byte) (ssrc >> (24 - 8 * i));
        }
        System.arraycopy(payload, 0, p, 12, payload.length);
        return p;
    }

    private static byte[] audio(int seq, long sentAt) {
        byte[] payload = new byte[AUDIO_PAYLOAD];
        Arrays.fill(payload, (byte) 0x55);
        writeLong(payload, TIME_OFFSET_AUDIO, sentAt);
        return rtp(111, AUDIO_SSRC, seq & 0xFFFF, 10_000 + seq * 960L, false, payload);
    }

    /** A one-packet VP8 frame (RFC 7741): descriptor S=1 PID=0, then P=0 for a keyframe. */
    private static byte[] video(int seq, boolean keyframe, long sentAt) {
        byte[] payload = new byte[VIDEO_PAYLOAD];
        Arrays.fill(payload, (byte) 0x33);
        payload[0] = 0x10;
        payload[1] = (byte) (keyframe ? 0x00 : 0x01);
        payload[2] = 0;
        payload[3] = 0;
        writeLong(payload, TIME_OFFSET_VIDEO, sentAt);
        return rtp(96, VIDEO_SSRC, seq & 0xFFFF, 90_000 + seq * 3000L, true, payload);
    }

    private void awaitEveryoneReceives(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (subscribers.stream().allMatch(s -> s.received.get() > 10)) {
                latencies.takeAndReset();
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the call's subscribers did not all receive within " + within + ": " + counts());
    }

    /** Packets each subscriber received so far. */
    List<Long> counts() {
        return subscribers.stream().map(s -> s.received.get()).toList();
    }

    long sent() {
        return sent.get();
    }

    /** Forwarding latency percentiles since the previous call (or since the call started). */
    Percentiles takeLatency() {
        return latencies.takeAndReset();
    }

    /**
     * Watches the call for {@code window}: every subscriber must receive at least 80 % of what the
     * publisher sent meanwhile (audio and video), i.e. the counts keep rising at the sent rate.
     */
    void assertStillFlowing(Duration window, String when) throws InterruptedException {
        long sentBefore = sent.get();
        List<Long> before = counts();
        Thread.sleep(window.toMillis());
        long sentDuring = sent.get() - sentBefore;
        List<Long> after = counts();
        for (int i = 0; i < subscribers.size(); i++) {
            long got = after.get(i) - before.get(i);
            assertThat(got).as("%s: %s received %d of %d packets sent in %d ms", when, subscribers.get(i).userId,
                    got, sentDuring, window.toMillis()).isGreaterThanOrEqualTo(sentDuring * 8 / 10);
        }
        assertThat(sentDuring).as("%s: the publisher sent", when).isGreaterThan(window.toMillis() / 20);
    }

    /** The heartbeat round trip of the publisher's signaling connection, sampled {@code samples} times. */
    Percentiles heartbeatRoundTrips(int samples, Duration spacing) throws Exception {
        Latencies rtt = new Latencies();
        for (int i = 0; i < samples; i++) {
            long t0 = System.nanoTime();
            publisherSignal.ok("heartbeat", Map.of());
            rtt.add((System.nanoTime() - t0) / 1000);
            Thread.sleep(spacing.toMillis());
        }
        return rtt.takeAndReset();
    }

    /**
     * Events the call's members got since the last call, other than {@code allowed} ones, as
     * {@code user:event}; a member whose connection the server closed shows as {@code user:closed}.
     */
    List<String> unexpectedEvents(List<String> allowed) {
        List<String> names = new ArrayList<>();
        unexpected("pub", publisherSignal, allowed, names);
        for (Subscriber s : subscribers) {
            unexpected(s.userId, s.signal, allowed, names);
        }
        return names;
    }

    private static void unexpected(String userId, SignalClient signal, List<String> allowed, List<String> out) {
        try {
            for (String n : signal.drainEventNames()) {
                if (!allowed.contains(n)) {
                    out.add(userId + ":" + n);
                }
            }
        } catch (Exception | AssertionError e) {
            out.add(userId + ":closed");
        }
    }

    boolean anyConnectionClosed() {
        return publisherSignal.isClosed() || subscribers.stream().anyMatch(s -> s.signal.isClosed());
    }

    @Override
    public void close() throws Exception {
        sender.shutdownNow();
        for (Subscriber s : subscribers) {
            s.running = false;
        }
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception e) {
                // closing what is left; the test's result stands
            }
        }
    }
}
