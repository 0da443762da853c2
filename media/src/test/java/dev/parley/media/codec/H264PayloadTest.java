package dev.parley.media.codec;

import dev.parley.media.MalformedPacketException;
import dev.parley.media.rtp.Hex;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class H264PayloadTest {
    private static H264Payload parse(String hex) throws MalformedPacketException {
        byte[] b = Hex.bytes(hex);
        return H264Payload.parse(b, 0, b.length);
    }

    @Test
    void singleIdrSliceIsAKeyframeAndStartsAFrame() throws Exception {
        H264Payload p = parse("65 888400");
        assertThat(p.packetType()).isEqualTo(H264Payload.IDR_SLICE);
        assertThat(p.nalUnitType()).isEqualTo(H264Payload.IDR_SLICE);
        assertThat(p.nalRefIdc()).isEqualTo(3);
        assertThat(p.isKeyframe()).isTrue();
        assertThat(p.isStartOfFrame()).isTrue();
    }

    @Test
    void sliceStartsAFrameOnlyWhenFirstMbInSliceIsZero() throws Exception {
        assertThat(parse("41 9a02").isStartOfFrame()).isTrue();
        assertThat(parse("41 1a02").isStartOfFrame()).as("first_mb_in_slice > 0").isFalse();
        assertThat(parse("41 9a02").isKeyframe()).isFalse();
        assertThat(parse("41").isStartOfFrame()).as("no slice header").isFalse();
    }

    @Test
    void stapAWithSpsAndPpsIsAKeyframeStart() throws Exception {
        H264Payload p = parse("78 0004 6742c01f 0004 68ce3c80");
        assertThat(p.packetType()).isEqualTo(H264Payload.STAP_A);
        assertThat(p.nalUnitType()).isEqualTo(H264Payload.SPS);
        assertThat(p.isKeyframe()).isTrue();
        assertThat(p.isStartOfFrame()).isTrue();

        List<String> units = new ArrayList<>();
        p.forEachNalUnit((type, offset, length) -> units.add(type + "@" + offset + "+" + length));
        assertThat(units).containsExactly("7@4+3", "8@10+3");

        assertThat(parse("78 0002 0601 0003 658884").isKeyframe()).as("IDR second in the STAP-A").isTrue();
        assertThat(parse("78 0002 0601 0003 418884").isKeyframe()).isFalse();
    }

    @Test
    void fuAFragmentsCarryTheTypeOfTheFragmentedUnit() throws Exception {
        H264Payload start = parse("7c 85 8884");
        H264Payload middle = parse("7c 05 aaaa");
        H264Payload end = parse("7c 45 aaaa");

        assertThat(start.packetType()).isEqualTo(H264Payload.FU_A);
        assertThat(start.nalUnitType()).isEqualTo(H264Payload.IDR_SLICE);
        assertThat(start.isKeyframe()).isTrue();
        assertThat(middle.isKeyframe()).isTrue();
        assertThat(start.isStartOfFrame()).isTrue();
        assertThat(middle.isStartOfFrame()).isFalse();
        assertThat(start.isFragmentStart()).isTrue();
        assertThat(middle.isFragmentStart()).isFalse();
        assertThat(end.isFragmentEnd()).isTrue();
        assertThat(middle.isFragmentEnd()).isFalse();
        assertThat(parse("7c 81 9a").isKeyframe()).isFalse();
        assertThat(parse("7c 81 9a").isStartOfFrame()).isTrue();
        assertThat(parse("7c 81").isStartOfFrame()).as("no slice header byte").isFalse();
    }

    @Test
    void parameterSetsAndDelimitersStartAFrame() throws Exception {
        assertThat(parse("09 f0").isStartOfFrame()).isTrue();
        assertThat(parse("68 ce3c80").isStartOfFrame()).isTrue();
        assertThat(parse("67 42c01f").isKeyframe()).isTrue();
        assertThat(parse("68 ce3c80").isKeyframe()).isFalse();
    }

    @Test
    void interleavedModeTypesAreRecognisedButNotLookedInto() throws Exception {
        H264Payload stapB = parse("79 0000 0004 65888400");
        assertThat(stapB.packetType()).isEqualTo(25);
        assertThat(stapB.isKeyframe()).isFalse();
        assertThat(stapB.isStartOfFrame()).isFalse();
    }

    @Test
    void rejectsMalformedAggregatesAndFragments() {
        List<String> broken = List.of("", "78", "7800", "78 0005 6742", "78 0000", "78 0001 67 00", "7c", "7c c5 00");
        for (String hex : broken) {
            byte[] b = Hex.bytes(hex);
            assertThatThrownBy(() -> H264Payload.parse(b, 0, b.length)).as(hex)
                    .isInstanceOf(MalformedPacketException.class);
            assertThat(H264Payload.isKeyframe(b, 0, b.length)).isFalse();
            assertThat(H264Payload.isStartOfFrame(b, 0, b.length)).isFalse();
        }
    }

    @Test
    void everyTruncationAndBitFlipFailsCheckedOrAgreesWithTheStaticChecks() {
        byte[] stap = Hex.bytes("78 0004 6742c01f 0004 68ce3c80");
        for (int len = 0; len <= stap.length; len++) {
            for (int bit = 0; bit < len * 8; bit++) {
                byte[] b = java.util.Arrays.copyOf(stap, len);
                b[bit / 8] ^= (byte) (1 << (bit % 8));
                try {
                    H264Payload p = H264Payload.parse(b, 0, len);
                    assertThat(p.isKeyframe()).isEqualTo(H264Payload.isKeyframe(b, 0, len));
                    assertThat(p.isStartOfFrame()).isEqualTo(H264Payload.isStartOfFrame(b, 0, len));
                    int end = len;
                    p.forEachNalUnit((type, offset, length) -> assertThat(offset + length).isLessThanOrEqualTo(end));
                } catch (MalformedPacketException expected) {
                    assertThat(H264Payload.isKeyframe(b, 0, len)).isFalse();
                }
            }
        }
    }
}
