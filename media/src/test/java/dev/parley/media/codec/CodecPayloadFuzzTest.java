package dev.parley.media.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.media.MalformedPacketException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Codec payload parsers on arbitrary bytes: only {@link MalformedPacketException} escapes; the
 * allocation-free static checks agree with the views; rewriting the VP8 PictureID and TL0PICIDX with
 * their own values changes no byte, and with new values keeps the descriptor's layout.
 *
 * <p>Corpus: {@code src/test/resources/dev/parley/media/codec/CodecPayloadFuzzTestInputs/payloads/}.
 */
class CodecPayloadFuzzTest {
    @FuzzTest
    void payloads(byte[] data) {
        vp8(data);
        h264(data);
        try {
            OpusPayload toc = OpusPayload.parse(data, 0, data.length);
            assertThat(toc.durationMicros()).isBetween(2_500, 120_000);
        } catch (MalformedPacketException rejected) {
            // checked, as required
        }
    }

    private static void vp8(byte[] data) {
        Vp8PayloadDescriptor d;
        try {
            d = Vp8PayloadDescriptor.parse(data, 0, data.length);
        } catch (MalformedPacketException rejected) {
            assertThat(Vp8PayloadDescriptor.isKeyframe(data, 0, data.length)).isFalse();
            return;
        }
        assertThat(d.isKeyframe()).isEqualTo(Vp8PayloadDescriptor.isKeyframe(data, 0, data.length));
        assertThat(d.isStartOfFrame()).isEqualTo(Vp8PayloadDescriptor.isStartOfFrame(data, 0, data.length));
        byte[] before = data.clone();
        d.setPictureId(d.pictureId());
        d.setTl0PicIdx(d.tl0PicIdx());
        assertThat(data).isEqualTo(before);
        int length = d.length();
        d.setPictureId(d.pictureId() + 1);
        d.setTl0PicIdx(d.tl0PicIdx() + 1);
        try {
            assertThat(Vp8PayloadDescriptor.parse(data, 0, data.length).length()).isEqualTo(length);
        } catch (MalformedPacketException e) {
            throw new AssertionError("rewrite broke the descriptor", e);
        }
    }

    private static void h264(byte[] data) {
        try {
            H264Payload p = H264Payload.parse(data, 0, data.length);
            assertThat(p.isKeyframe()).isEqualTo(H264Payload.isKeyframe(data, 0, data.length));
            assertThat(p.isStartOfFrame()).isEqualTo(H264Payload.isStartOfFrame(data, 0, data.length));
            p.forEachNalUnit((type, offset, length) -> assertThat(offset + length).isLessThanOrEqualTo(data.length));
        } catch (MalformedPacketException rejected) {
            assertThat(H264Payload.isKeyframe(data, 0, data.length)).isFalse();
        }
    }
}
