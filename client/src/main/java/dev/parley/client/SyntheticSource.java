package dev.parley.client;

import dev.parley.client.media.PayloadStamp;
import dev.parley.client.media.RtpHeader;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Media shaped like a browser's, with no codec behind it: VP8 frames at a frame rate, each cut into
 * packets of a fixed size (RFC 7741 payload descriptor, a keyframe first and whenever the server asks),
 * and Opus-sized audio packets at a fixed rate. Every payload carries a {@link PayloadStamp}, so a
 * receiver can measure loss, latency and damage. The defaults are a camera call: 30 fps and 100
 * packets/s of 1200 bytes (~1 Mbit/s) of video, 50 packets/s of 100 bytes of audio.
 */
public final class SyntheticSource implements MediaSource {
    private static final long US_PER_S = 1_000_000L;

    /**
     * @param fps video frames per second
     * @param videoPacketsPerSecond video packets per second, spread over the frames
     * @param videoPacketSize bytes of each video RTP packet before SRTP (header included)
     * @param audioPacketsPerSecond audio packets per second (50: 20 ms Opus frames)
     * @param audioPacketSize bytes of each audio RTP packet before SRTP
     */
    public record Options(boolean audio, boolean video, int fps, int videoPacketsPerSecond, int videoPacketSize,
            int audioPacketsPerSecond, int audioPacketSize) {
        public Options {
            if (!audio && !video) {
                throw new IllegalArgumentException("a synthetic source needs audio, video or both");
            }
            check("fps", fps, 1, 120);
            check("videoPacketsPerSecond", videoPacketsPerSecond, 1, 10_000);
            check("audioPacketsPerSecond", audioPacketsPerSecond, 1, 1000);
            check("videoPacketSize", videoPacketSize, RtpHeader.LENGTH + PayloadStamp.MIN_PAYLOAD, 1400);
            check("audioPacketSize", audioPacketSize, RtpHeader.LENGTH + PayloadStamp.MIN_PAYLOAD, 1400);
        }

        /** A camera call: audio and video at the rates of the class comment. */
        public static Options camera() {
            return new Options(true, true, 30, 100, 1200, 50, 100);
        }

        public Options withVideo(int fps, int packetsPerSecond, int packetSize) {
            return new Options(audio, true, fps, packetsPerSecond, packetSize, audioPacketsPerSecond, audioPacketSize);
        }

        public Options withAudio(boolean on) {
            return new Options(on, video, fps, videoPacketsPerSecond, videoPacketSize, audioPacketsPerSecond,
                    audioPacketSize);
        }

        public Options withoutVideo() {
            return new Options(true, false, fps, videoPacketsPerSecond, videoPacketSize, audioPacketsPerSecond,
                    audioPacketSize);
        }

        private static void check(String name, int value, int min, int max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(name + " must be in " + min + " … " + max + ", got " + value);
            }
        }
    }

    private final Options options;
    private final long videoTs0 = ThreadLocalRandom.current().nextInt() & 0xFFFFFFFFL;
    private final long audioTs0 = ThreadLocalRandom.current().nextInt() & 0xFFFFFFFFL;
    private volatile boolean keyframeWanted = true;
    private ScheduledFuture<?> videoTask;
    private ScheduledFuture<?> audioTask;
    private long frame;      // video task only
    private int videoCount;  // video task only
    private long audioFrame; // audio task only
    private int audioCount;  // audio task only

    public SyntheticSource(Options options) {
        this.options = options;
    }

    @Override
    public boolean hasAudio() {
        return options.audio();
    }

    @Override
    public boolean hasVideo() {
        return options.video();
    }

    @Override
    public synchronized void start(RtpOutput out) {
        if (options.video()) {
            byte[] payload = new byte[options.videoPacketSize() - RtpHeader.LENGTH];
            videoTask = Pacer.SCHEDULER.scheduleAtFixedRate(() -> sendFrame(out, payload), 0,
                    US_PER_S / options.fps(), TimeUnit.MICROSECONDS);
        }
        if (options.audio()) {
            byte[] payload = new byte[options.audioPacketSize() - RtpHeader.LENGTH];
            audioTask = Pacer.SCHEDULER.scheduleAtFixedRate(() -> sendAudio(out, payload), 0,
                    US_PER_S / options.audioPacketsPerSecond(), TimeUnit.MICROSECONDS);
        }
    }

    private void sendFrame(RtpOutput out, byte[] payload) {
        long f = frame++;
        int pps = options.videoPacketsPerSecond();
        int packets = (int) ((f + 1) * pps / options.fps() - f * pps / options.fps());
        if (packets == 0) {
            return;
        }
        boolean key = keyframeWanted;
        keyframeWanted = false;
        long ts = (videoTs0 + f * 90_000 / options.fps()) & 0xFFFFFFFFL;
        for (int i = 0; i < packets; i++) {
            java.util.Arrays.fill(payload, 0, PayloadStamp.HEADER_ALLOWANCE, (byte) 0);
            if (i == 0) {
                payload[0] = 0x10; // RFC 7741 §4.2: S=1, PID=0
                // §4.3 / RFC 6386 §9.1: frame tag, P bit 0 = keyframe; show_frame=1
                payload[1] = (byte) (key ? 0x10 : 0x11);
                if (key) {
                    payload[4] = (byte) 0x9D; // keyframe start code, then 640x480
                    payload[5] = 0x01;
                    payload[6] = 0x2A;
                    payload[7] = (byte) 0x80;
                    payload[8] = 0x02;
                    payload[9] = (byte) 0xE0;
                    payload[10] = 0x01;
                }
            }
            PayloadStamp.write(payload, 0, payload.length, videoCount++, nowMicros());
            out.send(MediaKind.VIDEO, i == packets - 1, ts, payload, 0, payload.length);
        }
    }

    private void sendAudio(RtpOutput out, byte[] payload) {
        long ts = (audioTs0 + audioFrame++ * 48_000 / options.audioPacketsPerSecond()) & 0xFFFFFFFFL;
        payload[0] = 0x78; // an Opus TOC byte (RFC 6716 §3.1): CELT FB 20 ms, one frame
        PayloadStamp.write(payload, 0, payload.length, audioCount++, nowMicros());
        out.send(MediaKind.AUDIO, false, ts, payload, 0, payload.length);
    }

    static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * US_PER_S + now.getNano() / 1000;
    }

    @Override
    public void requestKeyframe() {
        keyframeWanted = true;
    }

    @Override
    public synchronized void stop() {
        if (videoTask != null) {
            videoTask.cancel(false);
        }
        if (audioTask != null) {
            audioTask.cancel(false);
        }
    }
}
