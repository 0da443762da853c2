package dev.parley.media.codec;

import dev.parley.media.rtp.Hex;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KeyframeDetectorTest {
    @Test
    void findsADetectorByCaseInsensitiveEncodingName() {
        assertThat(KeyframeDetector.forCodec("VP8")).isPresent();
        assertThat(KeyframeDetector.forCodec("vp8")).isPresent();
        assertThat(KeyframeDetector.forCodec("H264")).isPresent();
        assertThat(KeyframeDetector.forCodec("opus")).isPresent();
        assertThat(KeyframeDetector.forCodec("VP9")).isEmpty();
        assertThat(KeyframeDetector.forCodec("rtx")).isEmpty();
    }

    @Test
    void vp8DetectorFollowsTheDescriptor() {
        KeyframeDetector vp8 = KeyframeDetector.forCodec("VP8").orElseThrow();
        byte[] key = Hex.bytes("90e0807b0540 1002009d012a");
        byte[] inter = Hex.bytes("90e0807c0540 3102000000");
        byte[] middle = Hex.bytes("80800100");

        assertThat(vp8.isKeyframe(key, 0, key.length)).isTrue();
        assertThat(vp8.isKeyframe(inter, 0, inter.length)).isFalse();
        assertThat(vp8.isStartOfFrame(inter, 0, inter.length)).isTrue();
        assertThat(vp8.isStartOfFrame(middle, 0, middle.length)).isFalse();
        assertThat(vp8.isStartOfFrame(key, 0, 3)).as("truncated").isFalse();
    }

    @Test
    void h264DetectorFollowsTheNalUnits() {
        KeyframeDetector h264 = KeyframeDetector.forCodec("h264").orElseThrow();
        byte[] stap = Hex.bytes("78 0004 6742c01f 0004 68ce3c80");
        byte[] pSlice = Hex.bytes("41 9a02");

        assertThat(h264.isKeyframe(stap, 0, stap.length)).isTrue();
        assertThat(h264.isStartOfFrame(stap, 0, stap.length)).isTrue();
        assertThat(h264.isKeyframe(pSlice, 0, pSlice.length)).isFalse();
        assertThat(h264.isStartOfFrame(pSlice, 0, pSlice.length)).isTrue();
        assertThat(h264.isKeyframe(stap, 0, 4)).as("truncated").isFalse();
    }

    @Test
    void opusHasNoKeyframesToWaitFor() {
        KeyframeDetector opus = KeyframeDetector.forCodec("OPUS").orElseThrow();
        byte[] frame = Hex.bytes("fc ffee");
        assertThat(opus.isKeyframe(frame, 0, frame.length)).isTrue();
        assertThat(opus.isStartOfFrame(frame, 0, frame.length)).isTrue();
        assertThat(opus.isKeyframe(frame, 0, 0)).isFalse();
    }
}
