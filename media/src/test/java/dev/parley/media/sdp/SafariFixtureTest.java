package dev.parley.media.sdp;

import dev.parley.media.stun.IceCredentials;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The reconstructed (not captured) Safari offer: H.264 first, H.265, session-level extmap-allow-mixed. */
class SafariFixtureTest {

    @Test
    void videoPrefersH264HighThenConstrainedBaseline() {
        MediaDescription video = Fixtures.parse("safari-offer-audio-video.sdp").mediaByMid("1").orElseThrow();

        assertThat(video.codecs().get(0).name()).isEqualTo("H264");
        assertThat(video.codecsNamed("h264")).extracting(c -> c.parameter("profile-level-id").orElseThrow())
                .containsExactly("640c1f", "42e01f");
        Codec baseline = video.codec(98).orElseThrow();
        assertThat(baseline.parameter("packetization-mode")).contains("1");
        assertThat(video.rtxPayloadType(98)).isEqualTo(OptionalInt.of(99));
        assertThat(video.codec("H265").orElseThrow().parameter("tx-mode")).contains("SRST");
        assertThat(video.rtxPayloadType(102)).isEqualTo(OptionalInt.of(125));
        assertThat(video.ssrcGroups()).containsExactly(SsrcGroup.fid(3076254190L, 1195827463L));
    }

    @Test
    void sessionAllowsMixedExtmapsAndCandidatesCarryNetworkCost() {
        SessionDescription offer = Fixtures.parse("safari-offer-audio-video.sdp");
        MediaDescription audio = offer.media().get(0);

        assertThat(offer.extmapAllowMixed()).isTrue();
        assertThat(audio.rtcpReducedSize()).isFalse();
        assertThat(audio.candidates()).hasSize(2);
        assertThat(audio.candidates().get(0).extension("network-cost")).contains("999");
        assertThat(audio.candidates().get(0).address()).endsWith(".local");
        assertThat(offer.resolvedIceCredentials(offer.media().get(1)).orElseThrow().ufrag()).isEqualTo("Vq3x");
    }
}
