package dev.parley.server.it;

import java.util.Map;
import java.util.Optional;

/**
 * What the publisher's browser reports about its outgoing video, read from the uplink
 * RTCPeerConnection's {@code getStats()} (the SDK's {@code client._uplink.pc}): cumulative payload
 * bytes of every video outbound-rtp stream, the encoder's target bitrate and the estimator's available
 * outgoing bitrate on the selected candidate pair.
 *
 * @param timestampMillis           the stats report's timestamp (performance clock, ms)
 * @param videoBytesSent            payload bytes of video sent so far (all video streams)
 * @param targetBitrate             the video encoder's target (bits/s), 0 if not reported
 * @param availableOutgoingBitrate  the bandwidth estimate (bits/s), 0 if not reported
 * @param qualityLimitationReason   why the encoder is limited ("bandwidth", "cpu", "none"...)
 * @param frameWidth                width of the last encoded frame
 * @param framesPerSecond           encoded frame rate
 */
record PublisherVideoStats(double timestampMillis, long videoBytesSent, double targetBitrate,
                           double availableOutgoingBitrate, String qualityLimitationReason, long frameWidth,
                           double framesPerSecond) {

    private static final String SCRIPT = """
            const done = arguments[arguments.length - 1];
            const up = window.__client && window.__client._uplink;
            if (!up || !up.pc) { done(null); return; }
            up.pc.getStats().then(report => {
              const r = {ts: 0, bytes: 0, target: 0, aob: 0, reason: '', width: 0, fps: 0};
              report.forEach(s => {
                r.ts = Math.max(r.ts, s.timestamp || 0);
                if (s.type === 'outbound-rtp' && s.kind === 'video') {
                  r.bytes += s.bytesSent || 0;
                  r.target += s.targetBitrate || 0;
                  r.reason = s.qualityLimitationReason || r.reason;
                  r.width = Math.max(r.width, s.frameWidth || 0);
                  r.fps = Math.max(r.fps, s.framesPerSecond || 0);
                }
                if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') {
                  r.aob = Math.max(r.aob, s.availableOutgoingBitrate || 0);
                }
              });
              done(r);
            }, e => done(null));
            """;

    /** The current stats, or empty while the page has no uplink connection. */
    @SuppressWarnings("unchecked")
    static Optional<PublisherVideoStats> read(Browser publisher) {
        Map<String, Object> r = (Map<String, Object>) publisher.jsAsync(SCRIPT);
        if (r == null) {
            return Optional.empty();
        }
        return Optional.of(new PublisherVideoStats(number(r, "ts"), (long) number(r, "bytes"), number(r, "target"),
                number(r, "aob"), String.valueOf(r.get("reason")), (long) number(r, "width"), number(r, "fps")));
    }

    /** Payload bitrate in bits/s between an earlier reading and this one. */
    double bitrateSince(PublisherVideoStats earlier) {
        double seconds = (timestampMillis - earlier.timestampMillis) / 1000.0;
        return seconds <= 0 ? 0 : 8.0 * (videoBytesSent - earlier.videoBytesSent) / seconds;
    }

    private static double number(Map<String, Object> r, String key) {
        Object v = r.get(key);
        return v instanceof Number n ? n.doubleValue() : 0;
    }
}
