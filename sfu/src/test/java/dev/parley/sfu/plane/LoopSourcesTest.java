package dev.parley.sfu.plane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.media.sdp.Codec;
import dev.parley.media.sdp.MediaKind;
import dev.parley.media.transport.UdpPortMux;
import dev.parley.sfu.ForwardedCodec;
import dev.parley.sfu.TrackSink;
import dev.parley.sfu.TrackSource;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A track feeding the subscriptions of another media loop, on a real two-loop port: the track's sink list is
 * changed on the SFU thread only, each packet crosses once per loop and reaches every subscription of that
 * loop there, with its facts intact, and a subscription that leaves gets nothing more.
 */
class LoopSourcesTest {
    private EpollEventLoopGroup group;
    private UdpPortMux mux;
    private Thread sfuThread;
    private Thread secondLoop;

    @BeforeEach
    void bind() throws Exception {
        Assumptions.assumeTrue(Epoll.isAvailable(), "two media loops need the native epoll transport");
        group = new EpollEventLoopGroup(2, new DefaultThreadFactory("loop-sources-test", true));
        mux = UdpPortMux.bind(group, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                (buf, off, len) -> null, error -> { }, 2);
        mux.forwardHandler((buf, len, attachment, meta, meta2) ->
                ((LoopSources.LoopFanout) attachment).deliver(buf, len, meta, meta2));
        sfuThread = onLoop(0, Thread::currentThread);
        secondLoop = onLoop(1, Thread::currentThread);
        assertThat(secondLoop).isNotSameAs(sfuThread);
    }

    @AfterEach
    void close() {
        if (mux != null) {
            mux.close();
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void packetsReachTheOtherLoopsSubscriptionsOnceEachWithTheirFactsAndTheTracksSinksStayOnTheSfuThread()
            throws Exception {
        FakeTrack track = new FakeTrack();
        LoopSources sources = new LoopSources(1, mux);
        Recording a = new Recording();
        Recording b = new Recording();
        onLoop(1, () -> {
            sources.addSink(track, a);
            sources.addSink(track, b);
            sources.requestKeyframe(track);
            return null;
        });
        await("one fan-out sink on the track", () -> track.sinks.size() == 1 && track.keyframeRequests == 1);
        assertThat(track.sinkChangesOn).containsOnly(sfuThread);
        assertThat(track.keyframeRequestsOn).containsOnly(sfuThread);

        byte[] packet = new byte[1200];
        for (int i = 0; i < 50; i++) {
            int seq = 65_530 + i & 0xFFFF;
            packet[12] = (byte) i;
            boolean keyframe = i == 0;
            int level = i % 3 == 0 ? -1 : i % 3 == 1 ? 127 : 255;
            onLoop(0, () -> {
                track.sinks.get(0).forward(track, packet, 100 + seq % 7, seq, 0xFFFF_FFF0L + seq & 0xFFFFFFFFL,
                        keyframe, level, 1_000 + seq);
                return null;
            });
        }
        await("every packet at both subscriptions", () -> a.got.size() == 50 && b.got.size() == 50);
        for (Recording r : List.of(a, b)) {
            assertThat(r.threads).containsOnly(secondLoop);
            for (int i = 0; i < 50; i++) {
                int seq = 65_530 + i & 0xFFFF;
                assertThat(r.got.get(i)).isEqualTo(String.format("seq=%d ts=%d key=%b level=%d len=%d first=%d now=%d",
                        seq, 0xFFFF_FFF0L + seq & 0xFFFFFFFFL, i == 0, i % 3 == 0 ? -1 : i % 3 == 1 ? 127 : 255, 100 + seq % 7, i,
                        1_000 + seq));
            }
        }

        onLoop(1, () -> {
            sources.removeSink(track, a);
            return null;
        });
        onLoop(0, () -> {
            track.sinks.get(0).forward(track, packet, 100, 1, 1, false, -1, 1);
            return null;
        });
        await("the packet at the subscription that stayed", () -> b.got.size() == 51);
        assertThat(a.got).hasSize(50);
        onLoop(1, () -> {
            sources.removeSink(track, b);
            return null;
        });
        await("the fan-out sink gone with the loop's last subscription", track.sinks::isEmpty);
        assertThat(track.sinkChangesOn).containsOnly(sfuThread);
    }

    @Test
    void aClosedTrackIsLetGoOfByEachSubscriptionOnItsOwnLoop() throws Exception {
        FakeTrack track = new FakeTrack();
        LoopSources sources = new LoopSources(1, mux);
        Recording a = new Recording() {
            @Override
            public void onSourceClosed(TrackSource from) {
                threads.add(Thread.currentThread());
                sources.removeSink(from, this);
            }
        };
        onLoop(1, () -> {
            sources.addSink(track, a);
            return null;
        });
        await("one fan-out sink on the track", () -> track.sinks.size() == 1);
        onLoop(0, () -> {
            for (TrackSink s : List.copyOf(track.sinks)) {
                s.onSourceClosed(track);
            }
            return null;
        });
        await("the fan-out sink gone", track.sinks::isEmpty);
        assertThat(a.threads).containsOnly(secondLoop);
    }

    private <T> T onLoop(int loop, java.util.concurrent.Callable<T> task) throws Exception {
        java.util.concurrent.CompletableFuture<T> done = new java.util.concurrent.CompletableFuture<>();
        mux.executeOn(loop, () -> {
            try {
                done.complete(task.call());
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        return done.get(10, TimeUnit.SECONDS);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(5);
        }
    }

    private static class Recording implements TrackSink {
        final List<String> got = new CopyOnWriteArrayList<>();
        final List<Thread> threads = new CopyOnWriteArrayList<>();

        @Override
        public void forward(TrackSource from, byte[] packet, int len, int seq, long timestamp, boolean keyframeStart,
                            int audioLevel, long nowMs) {
            threads.add(Thread.currentThread());
            got.add(String.format("seq=%d ts=%d key=%b level=%d len=%d first=%d now=%d", seq, timestamp,
                    keyframeStart, audioLevel, len, packet[12], nowMs));
        }

        @Override
        public void onSenderReport(TrackSource from, long ntpTimestamp, long rtpTimestamp) {
        }

        @Override
        public void onSourceClosed(TrackSource from) {
        }
    }

    /** A track that records which thread changed its sinks and asked for keyframes. */
    private static final class FakeTrack implements TrackSource {
        final List<TrackSink> sinks = new CopyOnWriteArrayList<>();
        final List<Thread> sinkChangesOn = new CopyOnWriteArrayList<>();
        final List<Thread> keyframeRequestsOn = new CopyOnWriteArrayList<>();
        volatile int keyframeRequests;

        @Override
        public MediaKind kind() {
            return MediaKind.VIDEO;
        }

        @Override
        public ForwardedCodec codec() {
            return ForwardedCodec.VP8;
        }

        @Override
        public Codec offeredCodec() {
            throw new UnsupportedOperationException();
        }

        @Override
        public String rid() {
            return "";
        }

        @Override
        public int layer() {
            return 0;
        }

        @Override
        public long bitrateBps() {
            return 0;
        }

        @Override
        public boolean active(long nowMs) {
            return true;
        }

        @Override
        public void requestKeyframe() {
            keyframeRequestsOn.add(Thread.currentThread());
            keyframeRequests++;
        }

        @Override
        public void addSink(TrackSink sink) {
            sinkChangesOn.add(Thread.currentThread());
            sinks.add(sink);
        }

        @Override
        public void removeSink(TrackSink sink) {
            sinkChangesOn.add(Thread.currentThread());
            sinks.remove(sink);
        }

        @Override
        public int storedLength(int seq) {
            return -1;
        }

        @Override
        public int storedAudioLevel(int seq) {
            return -1;
        }

        @Override
        public byte[] stored(int seq) {
            return null;
        }

        @Override
        public int copyStored(int seq, byte[] dest) {
            return -1;
        }
    }
}
