package dev.parley.sfu.downlink;

import dev.parley.sfu.TrackSink;
import dev.parley.sfu.TrackSource;

/**
 * How a subscription attaches to the tracks it forwards from, from the thread it runs on: on the SFU thread
 * straight to the track ({@link #DIRECT}); on another media loop through that loop's own sink lists
 * ({@code LoopSources} in the media plane), which take one packet per loop from the track and fan it out
 * there.
 */
public interface SourceAccess {
    /** From now on, {@code source}'s packets and sender reports reach {@code sink} on the calling thread. */
    void addSink(TrackSource source, TrackSink sink);

    void removeSink(TrackSource source, TrackSink sink);

    /** Asks {@code source}'s publisher for a keyframe (on the SFU thread, which owns the publication). */
    void requestKeyframe(TrackSource source);

    /** On the SFU thread: the track itself. */
    SourceAccess DIRECT = new SourceAccess() {
        @Override
        public void addSink(TrackSource source, TrackSink sink) {
            source.addSink(sink);
        }

        @Override
        public void removeSink(TrackSource source, TrackSink sink) {
            source.removeSink(sink);
        }

        @Override
        public void requestKeyframe(TrackSource source) {
            source.requestKeyframe();
        }
    };
}
