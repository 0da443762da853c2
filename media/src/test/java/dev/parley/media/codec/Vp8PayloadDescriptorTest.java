package dev.parley.media.codec;

import dev.parley.media.MalformedPacketException;
import dev.parley.media.rtp.Hex;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Vp8PayloadDescriptorTest {
    // X=1 S=1 PID=0 | I L T | M=1 PictureID 123 | TL0PICIDX 5 | TID=1 Y=0 | VP8 header with P=0
    private static final byte[] KEYFRAME = Hex.bytes("90e0807b0540 1002009d012a");
    // same descriptor, PictureID 124, VP8 header with P=1 (interframe)
    private static final byte[] INTERFRAME = Hex.bytes("90e0807c0540 3102000000");

    @Test
    void readsEveryFieldOfAFullDescriptor() throws Exception {
        Vp8PayloadDescriptor d = Vp8PayloadDescriptor.parse(KEYFRAME, 0, KEYFRAME.length);

        assertThat(d.hasExtension()).isTrue();
        assertThat(d.isNonReference()).isFalse();
        assertThat(d.isStartOfPartition()).isTrue();
        assertThat(d.partitionIndex()).isZero();
        assertThat(d.hasPictureId()).isTrue();
        assertThat(d.hasLongPictureId()).isTrue();
        assertThat(d.pictureId()).isEqualTo(123);
        assertThat(d.tl0PicIdx()).isEqualTo(5);
        assertThat(d.temporalLayerId()).isEqualTo(1);
        assertThat(d.layerSync()).isFalse();
        assertThat(d.keyIdx()).as("K=0").isEqualTo(-1);
        assertThat(d.length()).isEqualTo(6);
        assertThat(d.vp8DataOffset()).isEqualTo(6);
        assertThat(d.vp8DataLength()).isEqualTo(6);
        assertThat(d.isStartOfFrame()).isTrue();
        assertThat(d.isKeyframe()).isTrue();
    }

    @Test
    void tellsKeyframesFromInterframesByThePBit() throws Exception {
        assertThat(Vp8PayloadDescriptor.isKeyframe(KEYFRAME, 0, KEYFRAME.length)).isTrue();
        assertThat(Vp8PayloadDescriptor.isKeyframe(INTERFRAME, 0, INTERFRAME.length)).isFalse();
        assertThat(Vp8PayloadDescriptor.parse(INTERFRAME, 0, INTERFRAME.length).isStartOfFrame()).isTrue();

        byte[] continuation = Hex.bytes("80800100"); // S=0, 7-bit PictureID 1
        Vp8PayloadDescriptor d = Vp8PayloadDescriptor.parse(continuation, 0, continuation.length);
        assertThat(d.isStartOfFrame()).isFalse();
        assertThat(d.isKeyframe()).as("P bit 0 but not the frame start").isFalse();
        assertThat(d.hasLongPictureId()).isFalse();
        assertThat(d.pictureId()).isEqualTo(1);
        assertThat(d.tl0PicIdx()).isEqualTo(-1);
        assertThat(d.temporalLayerId()).isEqualTo(-1);

        byte[] secondPartition = Hex.bytes("11 00"); // S=1 PID=1
        assertThat(Vp8PayloadDescriptor.isKeyframe(secondPartition, 0, 2)).isFalse();
    }

    @Test
    void readsMinimalAndKeyIdxOnlyDescriptors() throws Exception {
        byte[] minimal = Hex.bytes("10 100200");
        Vp8PayloadDescriptor d = Vp8PayloadDescriptor.parse(minimal, 0, minimal.length);
        assertThat(d.hasExtension()).isFalse();
        assertThat(d.length()).isEqualTo(1);
        assertThat(d.hasPictureId()).isFalse();
        assertThat(d.pictureId()).isEqualTo(-1);
        assertThat(d.isKeyframe()).isTrue();

        byte[] keyIdx = Hex.bytes("b0 10 ff 31"); // N=1, K only: KEYIDX 31 (TID bits ignored)
        d.wrap(keyIdx, 0, keyIdx.length);
        assertThat(d.isNonReference()).isTrue();
        assertThat(d.keyIdx()).isEqualTo(31);
        assertThat(d.temporalLayerId()).isEqualTo(-1);
        assertThat(d.layerSync()).isFalse();
        assertThat(d.length()).isEqualTo(3);
    }

    @Test
    void rewritesPictureIdAndTl0PicIdxInTheirWidth() throws Exception {
        byte[] buf = KEYFRAME.clone();
        Vp8PayloadDescriptor d = Vp8PayloadDescriptor.parse(buf, 0, buf.length);

        assertThat(d.setPictureId(0x1234)).isTrue();
        assertThat(d.setTl0PicIdx(300)).isTrue();

        assertThat(Hex.string(buf)).isEqualTo("90e09234" + "2c" + "40" + "1002009d012a");
        assertThat(Vp8PayloadDescriptor.parse(buf, 0, buf.length).pictureId()).isEqualTo(0x1234);
        assertThat(d.setPictureId(0x8000 + 5)).isTrue();
        assertThat(d.pictureId()).as("15 bits kept").isEqualTo(5);

        byte[] shortId = Hex.bytes("80800100");
        Vp8PayloadDescriptor s = Vp8PayloadDescriptor.parse(shortId, 0, shortId.length);
        assertThat(s.setPictureId(200)).isTrue();
        assertThat(s.pictureId()).isEqualTo(200 & 0x7F);
        assertThat(s.setTl0PicIdx(1)).as("no TL0PICIDX").isFalse();

        byte[] none = Hex.bytes("10 10");
        assertThat(Vp8PayloadDescriptor.parse(none, 0, 2).setPictureId(1)).isFalse();
    }

    @Test
    void rejectsDescriptorsRunningPastThePayload() {
        List<String> broken = List.of("", "80", "8080", "808080", "8040", "8020", "8010", "90e0807b05", "10",
                "90e0807b0540");
        for (String hex : broken) {
            byte[] buf = Hex.bytes(hex);
            assertThatThrownBy(() -> Vp8PayloadDescriptor.parse(buf, 0, buf.length)).as(hex)
                    .isInstanceOf(MalformedPacketException.class);
            assertThat(Vp8PayloadDescriptor.isKeyframe(buf, 0, buf.length)).isFalse();
        }
    }

    @Test
    void everyTruncationAndBitFlipFailsChecked() {
        for (int len = 0; len <= KEYFRAME.length; len++) {
            for (int bit = 0; bit < len * 8; bit++) {
                byte[] b = java.util.Arrays.copyOf(KEYFRAME, len);
                b[bit / 8] ^= (byte) (1 << (bit % 8));
                try {
                    Vp8PayloadDescriptor d = Vp8PayloadDescriptor.parse(b, 0, len);
                    assertThat(d.length()).isLessThan(len);
                    assertThat(d.isKeyframe()).isEqualTo(Vp8PayloadDescriptor.isKeyframe(b, 0, len));
                } catch (MalformedPacketException expected) {
                    assertThat(Vp8PayloadDescriptor.isKeyframe(b, 0, len)).isFalse();
                }
            }
        }
    }
}
