package dev.parley.sfu;

import dev.parley.media.sdp.Codec;
import dev.parley.media.sdp.MediaKind;

/**
 * A published track (one simulcast layer of it) as the downlink sees it: what it carries, how fast, its
 * retransmission store, and the sinks it feeds. The uplink implements it; the downlink only uses it, so
 * the two sides meet here and nowhere else. SFU thread only, except where a method says otherwise: what a
 * subscription on another media loop reads ({@link #copyStored}, {@link #bitrateBps}, {@link #active}, and
 * what never changes).
 */
public interface TrackSource {
    /** At most this many simulcast layers are accepted (TRTC's dual stream needs two). */
    int MAX_LAYERS = 3;
    /** Room for one stored packet: an Ethernet MTU, the most a publisher sends in one datagram. */
    int SLOT_BYTES = 1500;

    MediaKind kind();

    /** How the track is forwarded: payload types and clock rate on the downlink. */
    ForwardedCodec codec();

    /** The codec as the publisher offered it (its fmtp and feedback are offered to subscribers as they were). */
    Codec offeredCodec();

    /** The RFC 8851 rid of this layer, or "" for a track with a single encoding. */
    String rid();

    /** The simulcast layer index, 0 = lowest quality (0 for a single encoding). */
    int layer();

    /** The measured bitrate of the layer, bits per second. Any thread. */
    long bitrateBps();

    /** Whether the layer has sent media recently (a publisher may pause a layer). Any thread. */
    boolean active(long nowMs);

    /** Asks the publisher for a keyframe (merged with other requests; see KeyframeRequester). */
    void requestKeyframe();

    /** From now on, every packet and sender report of this track goes to {@code sink} too. */
    void addSink(TrackSink sink);

    void removeSink(TrackSink sink);

    /** Length of stored packet {@code seq} (normalised, see RetransmissionBuffer), or -1 if it is gone. */
    int storedLength(int seq);

    /** The RFC 6464 byte stored with packet {@code seq}, or -1. */
    int storedAudioLevel(int seq);

    /** The buffer holding stored packet {@code seq}; valid until the next packet arrives. */
    byte[] stored(int seq);

    /**
     * Copies stored packet {@code seq} (normalised) into {@code dest}, at least {@link #SLOT_BYTES} long: a
     * NACK's answer on another thread than the one storing packets. Any thread.
     *
     * @return the packet's length in the low 16 bits and its RFC 6464 byte + 1 (0: none) above them
     *     ({@link #copiedLength}, {@link #copiedAudioLevel}), or -1 when it is not stored (or no longer)
     */
    int copyStored(int seq, byte[] dest);

    static int copiedLength(int copied) {
        return copied & 0xFFFF;
    }

    /** The RFC 6464 byte of a {@link #copyStored} result, or -1. */
    static int copiedAudioLevel(int copied) {
        return (copied >>> 16) - 1;
    }
}
