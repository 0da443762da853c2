package dev.parley.client;

/**
 * Where a {@link LocalStream}'s media comes from: it paces itself and hands payloads to an
 * {@link RtpOutput}. Implement it to publish your own media (a recorder's replay, a generated tone).
 */
public interface MediaSource {
    boolean hasAudio();

    boolean hasVideo();

    /** Starts sending to {@code out} (from the source's own thread) until {@link #stop()}. */
    void start(RtpOutput out);

    /** The server asked for a keyframe (RTCP PLI or FIR, RFC 4585 §6.3.1, RFC 5104 §4.3.1). */
    void requestKeyframe();

    void stop();

    /** Packetized media going out: the stream adds the RTP header (SSRC, sequence, MID) and SRTP. */
    interface RtpOutput {
        /**
         * Sends one RTP packet of {@code kind} with this payload (copied).
         *
         * @param timestamp the RTP timestamp (48 kHz for Opus, 90 kHz for VP8)
         */
        void send(MediaKind kind, boolean marker, long timestamp, byte[] payload, int off, int len);
    }

    enum MediaKind { AUDIO, VIDEO }
}
