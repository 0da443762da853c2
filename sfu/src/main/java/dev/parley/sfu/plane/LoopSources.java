package dev.parley.sfu.plane;

import dev.parley.media.transport.UdpPortMux;
import dev.parley.sfu.BoundedTasks;
import dev.parley.sfu.TrackSink;
import dev.parley.sfu.TrackSource;
import dev.parley.sfu.downlink.SourceAccess;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The tracks as the subscriptions of one media loop (not the first) reach them. A track feeds each loop that
 * has subscriptions of it through one {@link LoopFanout}: on the SFU thread it is one more sink of the track,
 * which copies each packet once into that loop's forward ring ({@link UdpPortMux#forwardToLoop}); on the loop
 * it holds the loop's own subscriptions of the track and hands each packet to them in turn. So a packet is
 * copied once per loop, not once per subscriber, and its subscribers' rewrite, SRTP and sends run on the loop
 * their downlink belongs to. This loop's thread only (what reaches the SFU thread is posted there).
 */
final class LoopSources implements SourceAccess {
    private final int loop;
    private final UdpPortMux mux;
    private final Map<TrackSource, LoopFanout> fanouts = new HashMap<>();

    LoopSources(int loop, UdpPortMux mux) {
        this.loop = loop;
        this.mux = mux;
    }

    @Override
    public void addSink(TrackSource source, TrackSink sink) {
        LoopFanout f = fanouts.get(source);
        if (f == null) {
            f = new LoopFanout(source, loop, mux);
            fanouts.put(source, f);
            mux.executeOn(0, f::attach); // the track's sinks are the SFU thread's
        }
        if (!f.local.contains(sink)) {
            f.local.add(sink);
        }
    }

    @Override
    public void removeSink(TrackSource source, TrackSink sink) {
        LoopFanout f = fanouts.get(source);
        if (f == null) {
            return;
        }
        f.local.remove(sink);
        if (f.local.isEmpty()) {
            fanouts.remove(source);
            mux.executeOn(0, f::detach);
        }
    }

    @Override
    public void requestKeyframe(TrackSource source) {
        mux.executeOn(0, source::requestKeyframe);
    }

    /**
     * One track's packets for one loop. {@link #attach}, {@link #detach} and the {@link TrackSink} methods run on
     * the SFU thread; {@link #local} and {@link #deliver} on the loop.
     */
    static final class LoopFanout implements TrackSink {
        final TrackSource source;
        private final int loop;
        private final UdpPortMux mux;
        /** The loop's subscriptions of the track. The loop's thread. */
        final List<TrackSink> local = new ArrayList<>();
        /**
         * Sender reports handed to the loop and not yet run there: the publisher decides how many it sends, so
         * beyond {@link #MAX_REPORTS_IN_FLIGHT} (a loop that far behind) one is dropped, as a lost report is.
         */
        private final BoundedTasks reports;
        static final int MAX_REPORTS_IN_FLIGHT = 64;

        LoopFanout(TrackSource source, int loop, UdpPortMux mux) {
            this.source = source;
            this.loop = loop;
            this.mux = mux;
            this.reports = new BoundedTasks(task -> mux.executeOn(loop, task), MAX_REPORTS_IN_FLIGHT);
        }

        void attach() {
            source.addSink(this);
        }

        void detach() {
            source.removeSink(this);
        }

        @Override
        public void forward(TrackSource from, byte[] packet, int len, int seq, long timestamp, boolean keyframeStart,
                            int audioLevel, long nowMs) {
            mux.forwardToLoop(loop, packet, len, this, pack(seq, timestamp, keyframeStart, audioLevel), nowMs);
        }

        @Override
        public void onSenderReport(TrackSource from, long ntpTimestamp, long rtpTimestamp) {
            reports.execute(() -> {
                for (TrackSink s : List.copyOf(local)) {
                    s.onSenderReport(from, ntpTimestamp, rtpTimestamp);
                }
            });
        }

        @Override
        public void onSourceClosed(TrackSource from) {
            mux.executeOn(loop, () -> {
                for (TrackSink s : List.copyOf(local)) {
                    s.onSourceClosed(from);
                }
            });
        }

        /** The loop's side of {@link #forward}: the packet to each of the loop's subscriptions of the track. */
        void deliver(byte[] packet, int len, long meta, long nowMs) {
            int seq = (int) (meta & 0xFFFF);
            long timestamp = (meta >>> 16) & 0xFFFFFFFFL;
            boolean keyframeStart = ((meta >>> 48) & 1) != 0;
            int audioLevel = (int) ((meta >>> 49) & 0x1FF) - 1;
            for (int i = 0; i < local.size(); i++) {
                local.get(i).forward(source, packet, len, seq, timestamp, keyframeStart, audioLevel, nowMs);
            }
        }

        /** A forwarded packet's facts in one word: sequence number, timestamp, keyframe start, audio level + 1. */
        static long pack(int seq, long timestamp, boolean keyframeStart, int audioLevel) {
            return (seq & 0xFFFFL) | (timestamp & 0xFFFFFFFFL) << 16 | (keyframeStart ? 1L : 0L) << 48
                    | ((audioLevel + 1) & 0x1FFL) << 49;
        }
    }
}
