package dev.parley.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.ClientListener;
import dev.parley.client.LocalStream;
import dev.parley.client.ParleyClient;
import dev.parley.client.RemoteStream;
import dev.parley.client.media.PayloadStamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The media plane on two loops (docs/ARCHITECTURE.md, "Threads"), against the real jar with headless
 * clients: one room's subscribers are spread over both loops' sockets, and each gets every packet the
 * publisher sent while it was subscribed exactly once — no duplicate, no hole — whichever loop encrypted
 * and sent it.
 */
class MediaLoopsIT {
    private static final int SUBSCRIBERS = 6;
    private static ServerProcess server;
    private final List<ParleyClient> clients = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        server = ServerProcess.start("--media-threads", "2");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    /** Per track, the publisher's packet counters a subscriber received (from the payload stamps). */
    static final class Received implements ClientListener {
        final LinkedBlockingQueue<RemoteStream> added = new LinkedBlockingQueue<>();
        private final BitSet[] seen = {new BitSet(), new BitSet()};
        private final long[] packets = new long[2];
        private long duplicates;
        private final int[] first = {-1, -1};

        @Override
        public void onStreamAdded(RemoteStream stream) {
            added.add(stream);
        }

        @Override
        public synchronized void onRemoteMedia(RemoteStream stream, boolean audio, byte[] packet, int length,
                int payloadOffset, int payloadLength) {
            if (!PayloadStamp.isStamped(packet, payloadOffset, payloadLength)) {
                return;
            }
            int k = audio ? 0 : 1;
            int counter = PayloadStamp.counter(packet, payloadOffset, payloadLength);
            if (first[k] < 0) {
                first[k] = counter;
            }
            if (seen[k].get(counter)) {
                duplicates++;
            }
            seen[k].set(counter);
            packets[k]++;
        }

        synchronized long packets(int kind) {
            return packets[kind];
        }

        synchronized long duplicates() {
            return duplicates;
        }

        /** Counters missing between the first and the last one received. */
        synchronized int holes(int kind) {
            BitSet s = seen[kind];
            return s.isEmpty() ? 0 : (s.length() - first[kind]) - s.get(first[kind], s.length()).cardinality();
        }

        synchronized int last(int kind) {
            return seen[kind].length() - 1;
        }
    }

    private ParleyClient client(String user, ClientListener listener) {
        ParleyClient c = ParleyClient.create(server.baseUrl(), ServerProcess.SDK_APP_ID, user,
                ServerProcess.userSig(user)).on(listener);
        clients.add(c);
        return c;
    }

    private double metric(String series) throws Exception {
        return PrometheusText.value(server.get("/metrics").body(), series);
    }

    @Test
    void aRoomSpreadOverTwoLoopsGivesEverySubscriberEveryPacketExactlyOnce() throws Exception {
        try {
            ParleyClient publisher = client("publisher", new ClientListener() { });
            publisher.join(4242);
            publisher.publish(LocalStream.synthetic());
            List<Received> received = new ArrayList<>();
            for (int i = 0; i < SUBSCRIBERS; i++) {
                Received r = new Received();
                ParleyClient c = client("subscriber-" + i, r);
                c.join(4242);
                RemoteStream stream = r.added.poll(10, TimeUnit.SECONDS);
                assertThat(stream).as("stream-added for subscriber " + i).isNotNull();
                c.subscribe(stream);
                received.add(r);
            }
            double laneSentBefore = metric("parley_media_loop_sent_datagrams_total{loop=\"1\"}");
            Poll.until("every subscriber receives 150 video packets", Duration.ofSeconds(30), () -> received.stream()
                    .allMatch(r -> r.packets(1) >= 150 && r.packets(0) >= 50), () -> "\nserver log:\n" + server.log());
            try {
                publisher.unpublish();
            } catch (dev.parley.client.ParleyException e) {
                throw new AssertionError("unpublish failed; server log:\n" + server.log(), e);
            }
            // What was in flight when the server took the publication down arrives everywhere.
            Thread.sleep(500);
            Poll.until("the last packets arrive everywhere", Duration.ofSeconds(10), () -> received.stream()
                    .allMatch(r -> r.last(1) == received.get(0).last(1) && r.last(0) == received.get(0).last(0)),
                    () -> "\nserver log:\n" + server.log());
            for (int i = 0; i < SUBSCRIBERS; i++) {
                Received r = received.get(i);
                assertThat(r.duplicates()).as("subscriber %d: packets received twice", i).isZero();
                assertThat(r.holes(1)).as("subscriber %d: video packets missing", i).isZero();
                assertThat(r.holes(0)).as("subscriber %d: audio packets missing", i).isZero();
            }
            assertThat(metric("parley_media_loop_sent_datagrams_total{loop=\"1\"}") - laneSentBefore)
                    .as("media sent by the second loop").isGreaterThan(150);
            assertThat(metric("parley_media_loop_sent_datagrams_total{loop=\"0\"}"))
                    .as("media sent by the first loop").isGreaterThan(150);
            assertThat(metric("parley_media_handoff_dropped_datagrams_total")).isZero();
            // Each loop timed what it forwarded: every copy it sent of a packet it was given while routing.
            String scrape = server.get("/metrics").body();
            assertThat(PrometheusText.promtoolProblems(scrape)).isEmpty();
            for (String loop : List.of("0", "1")) {
                double count = PrometheusText.value(scrape,
                        "parley_media_forwarding_delay_seconds_count{loop=\"" + loop + "\"}");
                assertThat(count).as("forwarded packets timed on loop " + loop).isGreaterThan(150);
                assertThat(PrometheusText.value(scrape,
                        "parley_media_forwarding_delay_seconds_bucket{loop=\"" + loop + "\",le=\"+Inf\"}"))
                        .isEqualTo(count);
                assertThat(PrometheusText.value(scrape, "parley_media_forwarding_delay_seconds_sum{loop=\"" + loop
                        + "\"}")).as("the delays' sum, seconds").isPositive().isLessThan(count);
            }
        } finally {
            clients.forEach(ParleyClient::close);
        }
    }
}
