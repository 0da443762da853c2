package dev.parley.media.sdp;

import dev.parley.media.stun.IceCredentials;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * Concrete values of the SDPs captured from Firefox ESR 153. Firefox differs from Chrome in ways the
 * model must absorb: fingerprint and direction at session level, fmtp before rtpmap, RTCP candidates
 * (component 2), mDNS host names, extmap directions, FID groups for each simulcast layer.
 */
class FirefoxFixtureTest {
    private static final String STREAM = "{f219ff70-bbff-4110-a8d2-579d332ab6c6}";

    @Test
    void offerPutsFingerprintAndDirectionAtSessionLevel() {
        SessionDescription offer = Fixtures.parse("firefox-offer-audio-video.sdp");
        MediaDescription audio = offer.media().get(0);

        assertThat(offer.origin().username()).isEqualTo("mozilla...THIS_IS_SDPARTA-99.0");
        assertThat(offer.origin().sessionId()).isEqualTo("7153165770648717539");
        assertThat(offer.origin().sessionVersion()).isZero();
        assertThat(offer.direction()).contains(Direction.SENDRECV);
        assertThat(offer.iceOptions()).containsExactly("trickle");
        assertThat(offer.msidSemantic()).contains(MsidSemantic.wmsAll());
        assertThat(offer.bundleMids()).containsExactly("0", "1");
        assertThat(audio.fingerprints()).isEmpty();
        assertThat(offer.fingerprints()).hasSize(1);
        assertThat(offer.resolvedFingerprint(audio)).contains(new Fingerprint("sha-256",
                "52:B7:E1:A0:AD:A9:CC:A6:A5:93:69:71:A1:49:21:BA:A1:45:C3:B6:15:B8:6E:D8:C5:2A:05:B4:E9:46:AF:0E"));
        assertThat(offer.resolvedIceCredentials(audio))
                .contains(new IceCredentials("1ef3b6e1", "5593360a9cf737650ceaf9d8dcd03960"));
        assertThat(offer.resolvedSetup(audio)).contains(Setup.ACTPASS);
        assertThat(audio.endOfCandidates()).isTrue();
        assertThat(audio.extmapAllowMixed()).isTrue();
        assertThat(audio.connection()).contains(Connection.UNSPECIFIED_IP4);
        assertThat(audio.port()).isEqualTo(9);
    }

    @Test
    void offerHasObfuscatedRtpAndRtcpCandidates() {
        MediaDescription audio = Fixtures.parse("firefox-offer-audio-video.sdp").media().get(0);

        assertThat(audio.candidates()).hasSize(8);
        Candidate first = audio.candidates().get(0);
        assertThat(first.foundation()).isEqualTo("0");
        assertThat(first.transport()).isEqualTo("UDP");
        assertThat(first.isUdp()).isTrue();
        assertThat(first.address()).isEqualTo("e203a830-6f4e-4430-bf48-acbefcc3480d.local");
        assertThat(first.port()).isEqualTo(33087);
        assertThat(first.priority()).isEqualTo(2122187007L);
        assertThat(first.extensions()).isEmpty();
        assertThat(audio.candidates()).filteredOn(c -> c.component() == 2).hasSize(4);
        assertThat(audio.candidates()).filteredOn(Candidate::isTcp).allMatch(c -> c.tcpType().equals(Optional.of("active")));
        assertThat(audio.attribute("rtcp").orElseThrow().value())
                .contains("59247 IN IP4 e203a830-6f4e-4430-bf48-acbefcc3480d.local");
    }

    @Test
    void audioCodecsJoinFmtpWrittenBeforeRtpmap() {
        MediaDescription audio = Fixtures.parse("firefox-offer-audio-video.sdp").media().get(0);

        assertThat(audio.payloadTypes()).containsExactly(109, 9, 0, 8, 101);
        Codec opus = audio.codec("opus").orElseThrow();
        assertThat(opus.payloadType()).isEqualTo(109);
        assertThat(opus.parameters()).containsExactly(Map.entry("maxplaybackrate", "48000"),
                Map.entry("stereo", "1"), Map.entry("useinbandfec", "1"));
        assertThat(opus.feedback()).containsExactly(RtcpFeedback.TRANSPORT_CC);
        assertThat(audio.codec(9).orElseThrow().channels()).isEqualTo(OptionalInt.of(1));
        assertThat(audio.codec("telephone-event").orElseThrow().parameters()).containsExactly(Map.entry("0-15", ""));
        assertThat(audio.extmaps()).contains(new Extmap(2, Optional.of(Direction.RECVONLY),
                "urn:ietf:params:rtp-hdrext:csrc-audio-level", ""));
        assertThat(audio.extmapId("urn:ietf:params:rtp-hdrext:sdes:mid")).isEqualTo(OptionalInt.of(3));
        assertThat(audio.msids()).containsExactly(new Msid(STREAM, "{db77fb29-da30-47b6-9c1c-6e07292846b6}"));
        assertThat(audio.ssrcAttribute(178999700L, "cname")).contains("{d0452f39-df37-4f3d-8618-9dfba22cbf1b}");
        assertThat(audio.attributes()).extracting(Attribute::name).doesNotContain("fmtp", "rtpmap", "rtcp-fb");
    }

    @Test
    void videoHasVp8Vp9Av1WithRtxAndAFidGroup() {
        MediaDescription video = Fixtures.parse("firefox-offer-audio-video.sdp").media().get(1);

        assertThat(video.payloadTypes()).containsExactly(120, 124, 121, 125, 99, 100, 123, 122, 119);
        assertThat(video.codecs()).extracting(Codec::name)
                .containsExactly("VP8", "rtx", "VP9", "rtx", "AV1", "rtx", "ulpfec", "red", "rtx");
        assertThat(video.codec("vp8").orElseThrow().parameters())
                .containsExactly(Map.entry("max-fs", "12288"), Map.entry("max-fr", "60"));
        assertThat(video.rtxPayloadType(120)).isEqualTo(OptionalInt.of(124));
        assertThat(video.rtxPayloadType(121)).isEqualTo(OptionalInt.of(125));
        assertThat(video.rtxPayloadType(99)).isEqualTo(OptionalInt.of(100));
        assertThat(video.rtxPayloadType(122)).isEqualTo(OptionalInt.of(119));
        assertThat(video.codec("H264")).isEmpty();
        assertThat(video.codec(120).orElseThrow().feedback()).containsExactly(RtcpFeedback.NACK,
                RtcpFeedback.NACK_PLI, RtcpFeedback.CCM_FIR, RtcpFeedback.GOOG_REMB, RtcpFeedback.TRANSPORT_CC);
        assertThat(video.extmaps()).contains(new Extmap(6, Optional.of(Direction.RECVONLY),
                "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay", ""));
        assertThat(video.ssrcGroups()).containsExactly(SsrcGroup.fid(1724712746L, 2291600181L));
        assertThat(video.rtxSsrc(1724712746L)).isEqualTo(OptionalLong.of(2291600181L));
        assertThat(video.rtcpReducedSize()).isTrue();
    }

    @Test
    void simulcastOfferHasRidsAndOneFidGroupPerLayer() {
        SessionDescription offer = Fixtures.parse("firefox-offer-simulcast.sdp");
        MediaDescription video = offer.mediaByMid("1").orElseThrow();

        assertThat(offer.resolvedDirection(video)).isEqualTo(Direction.SENDONLY);
        assertThat(video.rids()).extracting(Rid::id).containsExactly("q", "h", "f");
        assertThat(video.rids()).extracting(Rid::direction).containsOnly(Rid.Direction.SEND);
        assertThat(video.simulcast().orElseThrow().sendRids()).containsExactly("q", "h", "f");
        assertThat(video.extmaps()).contains(new Extmap(9, Optional.of(Direction.SENDONLY),
                "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id", ""));
        assertThat(video.extmapId("urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id"))
                .isEqualTo(OptionalInt.of(10));
        assertThat(video.ssrcGroups()).containsExactly(SsrcGroup.fid(1544230993L, 2978732874L),
                SsrcGroup.fid(900849657L, 1125046803L), SsrcGroup.fid(2430149222L, 321663644L));
        assertThat(video.ssrcIds()).hasSize(6);
        assertThat(offer.resolvedIceCredentials(video))
                .contains(new IceCredentials("3dfbb313", "b16742df94ad14f9dda3b84d387de4ad"));
    }

    @Test
    void answerIsActiveAndHasNoRtcpCandidates() {
        SessionDescription answer = Fixtures.parse("firefox-answer.sdp");
        MediaDescription audio = answer.media().get(0);

        assertThat(answer.resolvedSetup(audio)).contains(Setup.ACTIVE);
        assertThat(audio.candidates()).hasSize(4).allMatch(c -> c.component() == 1);
        assertThat(answer.resolvedIceCredentials(answer.media().get(1)))
                .contains(new IceCredentials("f7f2ede1", "7d761105e2762c94ffa5d5c396a83ea6"));
        assertThat(answer.media().get(1).ssrcGroups()).containsExactly(SsrcGroup.fid(134334603L, 3466459609L));
        assertThat(answer.media()).extracting(MediaDescription::rtcpMux).containsOnly(true);
    }

    @Test
    void datachannelOfferKeepsSctpAttributesVerbatim() {
        SessionDescription offer = Fixtures.parse("firefox-offer-datachannel.sdp");
        MediaDescription data = offer.media().get(0);

        assertThat(data.formats()).containsExactly("webrtc-datachannel");
        assertThat(data.attributes()).containsExactly(Attribute.of("sctp-port", "5000"),
                Attribute.of("max-message-size", "1073741823"));
        assertThat(offer.groups()).containsExactly(Group.bundle(List.of("0")));
    }
}
