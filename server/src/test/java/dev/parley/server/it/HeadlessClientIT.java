package dev.parley.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.client.ClientListener;
import dev.parley.client.LocalStream;
import dev.parley.client.ParleyClient;
import dev.parley.client.ParleyException;
import dev.parley.client.ReceiveStats;
import dev.parley.client.RemoteStream;
import dev.parley.client.SyntheticSource;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The headless Java client (client/, docs/CLIENT.md) against the real server jar: two clients in a room,
 * one publishes, the other sees the events, subscribes and receives the media with its payload intact.
 */
class HeadlessClientIT {
    private static final AtomicInteger ROOMS = new AtomicInteger(7100);
    private static ServerProcess server;
    private final List<ParleyClient> clients = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        server = ServerProcess.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void closeClients() {
        clients.forEach(ParleyClient::close);
    }

    private ParleyClient client(String userId, Events events) {
        ParleyClient c = ParleyClient.create(server.baseUrl(), ServerProcess.SDK_APP_ID, userId,
                ServerProcess.userSig(userId)).on(events);
        clients.add(c);
        return c;
    }

    /** Every event a client got, as text, in order; stream events keep their stream. */
    static final class Events implements ClientListener {
        final BlockingQueue<String> names = new LinkedBlockingQueue<>();
        final BlockingQueue<RemoteStream> added = new LinkedBlockingQueue<>();
        final List<byte[]> videoPayloads = new CopyOnWriteArrayList<>();

        @Override
        public void onPeerJoin(String userId) {
            names.add("peer-join " + userId);
        }

        @Override
        public void onPeerLeave(String userId) {
            names.add("peer-leave " + userId);
        }

        @Override
        public void onStreamAdded(RemoteStream stream) {
            names.add("stream-added " + stream.getUserId());
            added.add(stream);
        }

        @Override
        public void onStreamRemoved(RemoteStream stream) {
            names.add("stream-removed " + stream.getUserId());
        }

        @Override
        public void onStreamSubscribed(RemoteStream stream) {
            names.add("stream-subscribed " + stream.getUserId());
        }

        @Override
        public void onRemoteMedia(RemoteStream stream, boolean audio, byte[] packet, int length, int payloadOffset,
                int payloadLength) {
            if (!audio) {
                videoPayloads.add(Arrays.copyOfRange(packet, payloadOffset, payloadOffset + payloadLength));
            }
        }

        String next() throws InterruptedException {
            String n = names.poll(10, TimeUnit.SECONDS);
            assertThat(n).as("an event within 10 s").isNotNull();
            return n;
        }
    }

    @Test
    void aSubscriberReceivesThePublishersSyntheticMediaIntactAndSeesEveryEvent() throws Exception {
        int room = ROOMS.incrementAndGet();
        Events aliceEvents = new Events();
        Events bobEvents = new Events();
        ParleyClient alice = client("alice", aliceEvents);
        ParleyClient bob = client("bob", bobEvents);
        alice.join(room);
        alice.publish(LocalStream.synthetic());
        bob.join(room);

        assertThat(bobEvents.next()).isEqualTo("peer-join alice");
        assertThat(bobEvents.next()).isEqualTo("stream-added alice");
        assertThat(aliceEvents.next()).isEqualTo("peer-join bob");
        RemoteStream stream = bobEvents.added.take();
        assertThat(stream.hasAudio()).isTrue();
        assertThat(stream.hasVideo()).isTrue();
        bob.subscribe(stream);
        assertThat(bobEvents.next()).isEqualTo("stream-subscribed alice");

        ReceiveStats stats = awaitStats(stream, s -> s.videoFrames() >= 30 && s.checked() >= 200);
        assertThat(stats.damaged()).as("payloads changed on the way").isZero();
        assertThat(stats.latencyP50Micros()).isPositive();
        assertThat(alice.sentPackets()).isGreaterThanOrEqualTo(stats.packets());

        alice.leave();
        assertThat(bobEvents.next()).isEqualTo("stream-removed alice");
        assertThat(bobEvents.next()).isEqualTo("peer-leave alice");
        assertThat(bob.remoteStreams()).isEmpty();
    }

    @Test
    void anIvfFilesFramesArriveByteForByte(@TempDir Path dir) throws Exception {
        int room = ROOMS.incrementAndGet();
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            // a keyframe, then interframes; sizes that need one, two and three packets
            byte[] f = new byte[i == 0 ? 3000 : 200 + 700 * (i % 3)];
            for (int j = 0; j < f.length; j++) {
                f[j] = (byte) (i * 7 + j);
            }
            f[0] = (byte) (i == 0 ? 0x10 : 0x11); // RFC 6386 §9.1 frame tag: bit 0 clear on a keyframe
            frames.add(f);
        }
        Path file = dir.resolve("clip.ivf");
        Files.write(file, ivf(frames));
        Events bobEvents = new Events();
        ParleyClient alice = client("alice", new Events());
        ParleyClient bob = client("bob", bobEvents);
        bob.join(room);
        alice.join(room);
        RemoteStream stream;
        alice.publish(LocalStream.fromIvf(file, true));
        stream = bobEvents.added.poll(10, TimeUnit.SECONDS);
        assertThat(stream).isNotNull();
        bob.subscribe(stream, false, true);

        // Reassemble frames from the payloads (RFC 7741: a 1-byte descriptor, S bit on a frame's start)
        // once a full loop of the file went by after the first keyframe.
        awaitStats(stream, s -> s.videoFrames() >= 25);
        List<byte[]> received = reassemble(bobEvents.videoPayloads);
        int first = indexOf(received, frames.get(0));
        assertThat(first).as("the keyframe arrived").isNotNegative();
        for (int i = 0; i < frames.size(); i++) {
            assertThat(received.get(first + i)).as("frame %d", i).isEqualTo(frames.get(i));
        }
    }

    @Test
    void refusedCallsSayWhy() throws Exception {
        ParleyClient mallory = ParleyClient.create(server.baseUrl(), ServerProcess.SDK_APP_ID, "mallory",
                ServerProcess.userSig("someone-else"));
        clients.add(mallory);
        assertThatThrownBy(() -> mallory.join(ROOMS.incrementAndGet())).isInstanceOf(ParleyException.class)
                .satisfies(e -> assertThat(((ParleyException) e).name()).isEqualTo("JOIN_ROOM_FAILED"));
        assertThatThrownBy(() -> mallory.publish(LocalStream.synthetic(SyntheticSource.Options.camera())))
                .isInstanceOf(ParleyException.class).hasMessageContaining("join a room first");
    }

    private static ReceiveStats awaitStats(RemoteStream stream, java.util.function.Predicate<ReceiveStats> done)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        ReceiveStats s = stream.stats();
        while (!done.test(s)) {
            assertThat(System.nanoTime()).as("receive stats reached the goal in time; last: %s", s)
                    .isLessThan(deadline);
            Thread.sleep(50);
            s = stream.stats();
        }
        return s;
    }

    private static List<byte[]> reassemble(List<byte[]> payloads) {
        List<byte[]> frames = new ArrayList<>();
        ByteArrayOutputStream current = null;
        for (byte[] p : payloads) {
            if ((p[0] & 0x10) != 0) {
                if (current != null) {
                    frames.add(current.toByteArray());
                }
                current = new ByteArrayOutputStream();
            }
            if (current != null) {
                current.write(p, 1, p.length - 1);
            }
        }
        return frames;
    }

    private static int indexOf(List<byte[]> frames, byte[] frame) {
        for (int i = 0; i < frames.size(); i++) {
            if (Arrays.equals(frames.get(i), frame)) {
                return i;
            }
        }
        return -1;
    }

    /** An IVF file (32-byte header, 12-byte frame headers, little endian) at 30 fps. */
    static byte[] ivf(List<byte[]> frames) {
        int size = 32 + frames.stream().mapToInt(f -> 12 + f.length).sum();
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.put("DKIF".getBytes()).putShort((short) 0).putShort((short) 32).put("VP80".getBytes())
                .putShort((short) 640).putShort((short) 480).putInt(30).putInt(1).putInt(frames.size()).putInt(0);
        long pts = 0;
        for (byte[] f : frames) {
            b.putInt(f.length).putLong(pts++).put(f);
        }
        return b.array();
    }
}
