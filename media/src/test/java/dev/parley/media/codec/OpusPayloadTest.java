package dev.parley.media.codec;

import dev.parley.media.MalformedPacketException;
import dev.parley.media.rtp.Hex;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpusPayloadTest {
    private static OpusPayload parse(String hex) throws MalformedPacketException {
        byte[] b = Hex.bytes(hex);
        return OpusPayload.parse(b, 0, b.length);
    }

    @Test
    void readsTheTocOfACeltFullbandStereoFrame() throws Exception {
        OpusPayload toc = parse("fc ffee");
        assertThat(toc).isEqualTo(new OpusPayload(31, true, 0, 1));
        assertThat(toc.mode()).isEqualTo(OpusPayload.Mode.CELT);
        assertThat(toc.bandwidth()).isEqualTo(OpusPayload.Bandwidth.FULLBAND);
        assertThat(toc.durationMicros()).isEqualTo(20_000);
    }

    @Test
    void mapsConfigurationsToModeBandwidthAndDuration() throws Exception {
        assertThat(parse("78").mode()).isEqualTo(OpusPayload.Mode.HYBRID);
        assertThat(parse("78").bandwidth()).isEqualTo(OpusPayload.Bandwidth.FULLBAND);
        assertThat(parse("78").durationMicros()).isEqualTo(20_000);
        assertThat(parse("48").bandwidth()).as("config 9").isEqualTo(OpusPayload.Bandwidth.WIDEBAND);
        assertThat(parse("48").mode()).isEqualTo(OpusPayload.Mode.SILK);
        assertThat(parse("68").bandwidth()).as("config 13").isEqualTo(OpusPayload.Bandwidth.SUPER_WIDEBAND);
        assertThat(parse("90").bandwidth()).as("config 18").isEqualTo(OpusPayload.Bandwidth.NARROWBAND);
        assertThat(parse("b0").bandwidth()).as("config 22").isEqualTo(OpusPayload.Bandwidth.WIDEBAND);
        assertThat(parse("d0").bandwidth()).as("config 26").isEqualTo(OpusPayload.Bandwidth.SUPER_WIDEBAND);
        assertThat(OpusPayload.frameDurationMicros(3)).isEqualTo(60_000);
        assertThat(OpusPayload.frameDurationMicros(16)).isEqualTo(2_500);
        assertThat(OpusPayload.frameDurationMicros(12)).isEqualTo(10_000);
    }

    @Test
    void countsFramesByCode() throws Exception {
        assertThat(parse("01 00").frameCount()).isEqualTo(2);
        assertThat(parse("02 00").frameCount()).isEqualTo(2);
        OpusPayload code3 = parse("0b 03");
        assertThat(code3.frameCountCode()).isEqualTo(3);
        assertThat(code3.frameCount()).isEqualTo(3);
        assertThat(code3.durationMicros()).isEqualTo(60_000);
    }

    @Test
    void rejectsEmptyAndOutOfRangeCode3Packets() {
        for (String hex : List.of("", "0b", "0b 00", "0b 07", "1b 03")) {
            byte[] b = Hex.bytes(hex);
            assertThatThrownBy(() -> OpusPayload.parse(b, 0, b.length)).as(hex)
                    .isInstanceOf(MalformedPacketException.class);
        }
    }
}
