package dev.parley.server.it;

import java.time.Duration;
import java.util.Map;

/**
 * What a subscriber saw of a publisher's video and audio over one measurement window, from the two pages'
 * getStats() before and after (see hooks.js {@code __rtpStats}).
 */
record LossWindow(double seconds, double sentFps, double decodedFps, long freezes, double freezeSeconds,
                  long subscriberNacks, long publisherNacksReceived, long retransmittedReceived,
                  long retransmittedSent, long videoPacketsLost, long videoPacketsReceived, long keyframesDecoded,
                  long plis, long audioPacketsReceived, long audioPacketsLost, double audioConcealedShare,
                  long audioFecPackets) {

    /** Snapshots both pages, waits {@code window}, snapshots again. */
    static LossWindow measure(Browser publisher, Browser subscriber, Duration window) throws InterruptedException {
        Map<String, Map<String, Number>> pub0 = LossyCall.rtpStats(publisher);
        Map<String, Map<String, Number>> sub0 = LossyCall.rtpStats(subscriber);
        long t0 = System.nanoTime();
        Thread.sleep(window.toMillis());
        Map<String, Map<String, Number>> pub1 = LossyCall.rtpStats(publisher);
        Map<String, Map<String, Number>> sub1 = LossyCall.rtpStats(subscriber);
        double s = (System.nanoTime() - t0) / 1e9;
        Delta pub = new Delta(pub0, pub1);
        Delta sub = new Delta(sub0, sub1);
        double sentFrames = pub.d("outVideo", "framesSent") > 0 ? pub.d("outVideo", "framesSent")
                : pub.d("outVideo", "framesEncoded");
        double samples = sub.d("inAudio", "totalSamplesReceived");
        return new LossWindow(s, sentFrames / s, sub.d("inVideo", "framesDecoded") / s,
                (long) sub.d("inVideo", "freezeCount"), sub.d("inVideo", "totalFreezesDuration"),
                (long) sub.d("inVideo", "nackCount"), (long) pub.d("outVideo", "nackCount"),
                (long) sub.d("inVideo", "retransmittedPacketsReceived"),
                (long) pub.d("outVideo", "retransmittedPacketsSent"), (long) sub.d("inVideo", "packetsLost"),
                (long) sub.d("inVideo", "packetsReceived"), (long) sub.d("inVideo", "keyFramesDecoded"),
                (long) sub.d("inVideo", "pliCount"), (long) sub.d("inAudio", "packetsReceived"),
                (long) sub.d("inAudio", "packetsLost"),
                samples > 0 ? sub.d("inAudio", "concealedSamples") / samples : 1,
                (long) sub.d("inAudio", "fecPacketsReceived"));
    }

    /** Decoded frames per sent frame. */
    double decodedShare() {
        return sentFps == 0 ? 0 : decodedFps / sentFps;
    }

    String markdownRow(String label) {
        return String.format("| %s | %.1f | %.1f | %.0f %% | %d | %.2f | %d | %d | %d | %d | %d | %d | %d | %.1f %% | %d |",
                label, sentFps, decodedFps, 100 * decodedShare(), freezes, freezeSeconds, videoPacketsLost,
                subscriberNacks, publisherNacksReceived, retransmittedSent, retransmittedReceived, keyframesDecoded,
                audioPacketsReceived, 100 * audioConcealedShare, audioFecPackets);
    }

    static String markdownHeader() {
        return "| run | sent fps | decoded fps | decoded/sent | freezes | freeze s | video lost (after recovery) "
                + "| subscriber NACKs | publisher NACKs received | publisher RTX sent | subscriber RTX received "
                + "| keyframes decoded | audio packets | audio concealed | audio FEC packets |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|";
    }

    private record Delta(Map<String, Map<String, Number>> before, Map<String, Map<String, Number>> after) {
        double d(String group, String key) {
            return value(after, group, key) - value(before, group, key);
        }

        private static double value(Map<String, Map<String, Number>> m, String group, String key) {
            Map<String, Number> g = m.get(group);
            Number n = g == null ? null : g.get(key);
            return n == null ? 0 : n.doubleValue();
        }
    }
}
