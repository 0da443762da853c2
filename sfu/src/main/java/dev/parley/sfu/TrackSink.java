package dev.parley.sfu;

/**
 * What a {@link TrackSource} feeds: a subscription, or the hand-over to another media loop's subscriptions.
 * Called per packet on the thread the sink was added on (the SFU thread for the track's own sinks, another
 * media loop for that loop's subscriptions): an implementation must not allocate or block.
 */
public interface TrackSink {
    /**
     * A normalised packet (payload type, sequence number and timestamp as published; see
     * RetransmissionBuffer) of {@code from}; {@code audioLevel} is its RFC 6464 byte or -1.
     */
    void forward(TrackSource from, byte[] packet, int len, int seq, long timestamp, boolean keyframeStart,
                 int audioLevel, long nowMs);

    /** The publisher's RTCP sender report for {@code from} (RFC 3550 §6.4.1), for the subscriber's own SR. */
    void onSenderReport(TrackSource from, long ntpTimestamp, long rtpTimestamp);

    /** The source ended (its uplink closed): stop forwarding from it and let go of it. */
    void onSourceClosed(TrackSource from);
}
