package dev.parley.media.sdp;

import dev.parley.media.stun.IceCredentials;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Concrete values of the SDPs captured from Chromium 156 (see the fixtures' README). */
class ChromeFixtureTest {
    private static final String STREAM = "efdbcdc5-0a7e-4aea-8a70-6f08b73c2406";
    private static final String TWCC = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

    @Test
    void audioVideoOfferHasSessionLevelBundleAndMsidSemantic() {
        SessionDescription offer = Fixtures.parse("chrome-offer-audio-video.sdp");

        assertThat(offer.origin()).isEqualTo(new Origin("-", "3053744104537429641", 2, "IN", "IP4", "127.0.0.1"));
        assertThat(offer.sessionName()).isEqualTo("-");
        assertThat(offer.timing()).isEqualTo(Timing.UNBOUNDED);
        assertThat(offer.bundleMids()).containsExactly("0", "1");
        assertThat(offer.msidSemantic()).contains(new MsidSemantic("WMS", List.of(STREAM)));
        assertThat(offer.extmapAllowMixed()).isTrue();
        assertThat(offer.iceLite()).isFalse();
        assertThat(offer.media()).extracting(MediaDescription::kind).containsExactly(MediaKind.AUDIO, MediaKind.VIDEO);
        assertThat(offer.media()).extracting(MediaDescription::mid).containsExactly(Optional.of("0"), Optional.of("1"));
    }

    @Test
    void audioVideoOfferCarriesIceAndDtlsPerSection() {
        SessionDescription offer = Fixtures.parse("chrome-offer-audio-video.sdp");
        MediaDescription audio = offer.mediaByMid("0").orElseThrow();

        assertThat(offer.resolvedIceCredentials(audio)).contains(new IceCredentials("nn2C", "qq9AUSOdd4mUr61K/riTNi3o"));
        assertThat(audio.iceOptions()).containsExactly("trickle");
        assertThat(offer.resolvedFingerprint(audio)).contains(new Fingerprint("sha-256",
                "B5:A6:A2:55:0C:B4:F3:98:3E:7B:8A:70:94:32:7A:65:7D:22:1E:59:C5:BA:C7:8E:28:2C:EF:D7:E1:CF:CE:5F"));
        assertThat(offer.resolvedFingerprint(audio).orElseThrow().bytes()).hasSize(32).startsWith(0xB5, 0xA6);
        assertThat(offer.resolvedSetup(audio)).contains(Setup.ACTPASS);
        assertThat(audio.rtcpMux()).isTrue();
        assertThat(audio.rtcpReducedSize()).isTrue();
        assertThat(audio.port()).isEqualTo(45897);
        assertThat(audio.connection()).contains(Connection.ip4("192.0.2.2"));
        assertThat(audio.attribute("rtcp")).contains(Attribute.of("rtcp", "9 IN IP4 0.0.0.0"));
    }

    @Test
    void audioVideoOfferHasUdpAndActiveTcpHostCandidates() {
        MediaDescription audio = Fixtures.parse("chrome-offer-audio-video.sdp").media().get(0);

        assertThat(audio.candidates()).hasSize(4);
        Candidate udp = audio.candidates().get(0);
        assertThat(udp.foundation()).isEqualTo("1630297564");
        assertThat(udp.component()).isEqualTo(1);
        assertThat(udp.isUdp()).isTrue();
        assertThat(udp.priority()).isEqualTo(2122194687L);
        assertThat(udp.address()).isEqualTo("192.0.2.2");
        assertThat(udp.port()).isEqualTo(45897);
        assertThat(udp.type()).isEqualTo(CandidateType.HOST);
        assertThat(udp.generation()).isEqualTo(OptionalInt.of(0));
        assertThat(udp.networkId()).isEqualTo(OptionalInt.of(1));
        assertThat(audio.candidates().get(1).address()).isEqualTo("fd00::2");
        Candidate tcp = audio.candidates().get(2);
        assertThat(tcp.isTcp()).isTrue();
        assertThat(tcp.port()).isEqualTo(9);
        assertThat(tcp.tcpType()).contains("active");
        assertThat(audio.endOfCandidates()).isFalse();
    }

    @Test
    void audioSectionListsOpusFirstWithItsParameters() {
        MediaDescription audio = Fixtures.parse("chrome-offer-audio-video.sdp").media().get(0);

        assertThat(audio.payloadTypes()).containsExactly(111, 63, 9, 0, 8, 13, 110, 126);
        assertThat(audio.codecs()).extracting(Codec::name)
                .containsExactly("opus", "red", "G722", "PCMU", "PCMA", "CN", "telephone-event", "telephone-event");
        Codec opus = audio.codec("OPUS").orElseThrow();
        assertThat(opus.payloadType()).isEqualTo(111);
        assertThat(opus.clockRate()).isEqualTo(48000);
        assertThat(opus.channels()).isEqualTo(OptionalInt.of(2));
        assertThat(opus.parameters()).containsExactly(Map.entry("minptime", "10"), Map.entry("useinbandfec", "1"));
        assertThat(opus.feedback()).containsExactly(RtcpFeedback.TRANSPORT_CC);
        assertThat(audio.codec(63).orElseThrow().parameters()).containsExactly(Map.entry("111/111", ""));
        assertThat(audio.codec(9).orElseThrow().channels()).isEmpty();
        assertThat(audio.extmapId("urn:ietf:params:rtp-hdrext:ssrc-audio-level")).isEqualTo(OptionalInt.of(1));
        assertThat(audio.extmapId(TWCC)).isEqualTo(OptionalInt.of(3));
    }

    @Test
    void videoSectionHasH264ProfilesWithRtxAndFeedback() {
        MediaDescription video = Fixtures.parse("chrome-offer-audio-video.sdp").media().get(1);

        assertThat(video.payloadTypes()).startsWith(96, 97, 102, 103).endsWith(118, 119, 120).hasSize(23);
        assertThat(video.codecs()).hasSize(23);
        assertThat(video.codec("vp8").orElseThrow().payloadType()).isEqualTo(96);
        assertThat(video.rtxPayloadType(96)).isEqualTo(OptionalInt.of(97));
        Codec h264 = video.codecsNamed("H264").stream()
                .filter(c -> c.parameter("profile-level-id").equals(Optional.of("42e01f")))
                .filter(c -> c.parameter("packetization-mode").equals(Optional.of("1")))
                .findFirst().orElseThrow();
        assertThat(h264.payloadType()).isEqualTo(108);
        assertThat(h264.parameters()).containsExactly(Map.entry("level-asymmetry-allowed", "1"),
                Map.entry("packetization-mode", "1"), Map.entry("profile-level-id", "42e01f"));
        assertThat(h264.feedback()).containsExactly(RtcpFeedback.GOOG_REMB, RtcpFeedback.TRANSPORT_CC,
                RtcpFeedback.CCM_FIR, RtcpFeedback.NACK, RtcpFeedback.NACK_PLI);
        assertThat(video.rtxPayloadType(108)).isEqualTo(OptionalInt.of(109));
        assertThat(video.codec(109).orElseThrow().associatedPayloadType()).isEqualTo(OptionalInt.of(108));
        assertThat(video.codecsNamed("H264")).hasSize(6);
        assertThat(video.codec("AV1").orElseThrow().parameter("level-idx")).contains("5");
        assertThat(video.codec("ulpfec").orElseThrow().payloadType()).isEqualTo(120);
        assertThat(video.rtxPayloadType(120)).isEmpty();
    }

    @Test
    void videoSectionMapsHeaderExtensionsAndSsrcs() {
        MediaDescription video = Fixtures.parse("chrome-offer-audio-video.sdp").media().get(1);

        assertThat(video.extmaps()).hasSize(11);
        assertThat(video.extmaps().get(0)).isEqualTo(Extmap.of(14, "urn:ietf:params:rtp-hdrext:toffset"));
        assertThat(video.extmapId("urn:ietf:params:rtp-hdrext:sdes:mid")).isEqualTo(OptionalInt.of(4));
        assertThat(video.extmapId("urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id")).isEqualTo(OptionalInt.of(10));
        assertThat(video.extmapId("urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id"))
                .isEqualTo(OptionalInt.of(11));
        assertThat(video.extmapId("urn:example:none")).isEmpty();
        assertThat(video.direction()).contains(Direction.SENDRECV);
        assertThat(video.msids()).containsExactly(new Msid(STREAM, "8391ad2b-3591-4122-8199-577309ede7b7"));
        assertThat(video.ssrcGroups()).containsExactly(SsrcGroup.fid(957408553L, 3390141415L));
        assertThat(video.ssrcIds()).containsExactly(957408553L, 3390141415L);
        assertThat(video.rtxSsrc(957408553L)).isEqualTo(OptionalLong.of(3390141415L));
        assertThat(video.ssrcAttribute(957408553L, SsrcAttribute.CNAME)).contains("hYrV9mbdjE05rl6d");
        assertThat(video.ssrcAttribute(3390141415L, SsrcAttribute.MSID))
                .contains(STREAM + " 8391ad2b-3591-4122-8199-577309ede7b7");
    }

    @Test
    void simulcastOfferSendsThreeRidsWithoutVideoSsrcs() {
        SessionDescription offer = Fixtures.parse("chrome-offer-simulcast.sdp");
        MediaDescription audio = offer.media().get(0);
        MediaDescription video = offer.media().get(1);

        assertThat(offer.resolvedDirection(audio)).isEqualTo(Direction.SENDONLY);
        assertThat(offer.resolvedDirection(video)).isEqualTo(Direction.SENDONLY);
        assertThat(video.rids()).containsExactly(Rid.of("q", Rid.Direction.SEND), Rid.of("h", Rid.Direction.SEND),
                Rid.of("f", Rid.Direction.SEND));
        Simulcast simulcast = video.simulcast().orElseThrow();
        assertThat(simulcast.sendRids()).containsExactly("q", "h", "f");
        assertThat(simulcast.recv()).isEmpty();
        assertThat(simulcast.send()).allSatisfy(s -> assertThat(s.alternatives()).hasSize(1));
        assertThat(video.ssrcs()).isEmpty();
        assertThat(video.extmapId(
                "https://aomediacodec.github.io/av1-rtp-spec/#dependency-descriptor-rtp-header-extension"))
                .isEqualTo(OptionalInt.of(12));
        assertThat(audio.ssrcIds()).containsExactly(2605294153L);
        assertThat(offer.resolvedIceCredentials(video)).contains(new IceCredentials("jjjT", "pX2PNpmbCtLh4uJP5T01rIIU"));
    }

    @Test
    void answerTakesTheActiveRoleAndGathersOnlyOnTheBundleTag() {
        SessionDescription answer = Fixtures.parse("chrome-answer.sdp");
        MediaDescription audio = answer.media().get(0);
        MediaDescription video = answer.media().get(1);

        assertThat(answer.bundleMids()).containsExactly("0", "1");
        assertThat(answer.resolvedSetup(audio)).contains(Setup.ACTIVE);
        assertThat(answer.resolvedSetup(video)).contains(Setup.ACTIVE);
        assertThat(audio.candidates()).hasSize(2).allMatch(Candidate::isUdp);
        assertThat(video.port()).isEqualTo(9);
        assertThat(video.candidates()).isEmpty();
        assertThat(video.isRejected()).isFalse();
        assertThat(answer.resolvedIceCredentials(video)).contains(new IceCredentials("WpJa", "QFFebSNXGiTo5FgH9mMDOwvl"));
        assertThat(video.ssrcGroups()).containsExactly(SsrcGroup.fid(758987069L, 3273988015L));
        assertThat(video.msids()).containsExactly(new Msid(STREAM, "515bfc07-e9e1-4b71-8891-f8f9824646cf"));
        assertThat(video.rtxPayloadType(video.codec("VP8").orElseThrow().payloadType())).isPresent();
    }

    @Test
    void recvonlyOfferHasNoSourcesAndAnEmptyMsidSemantic() {
        SessionDescription offer = Fixtures.parse("chrome-offer-recvonly.sdp");

        assertThat(offer.msidSemantic()).contains(new MsidSemantic("WMS", List.of()));
        assertThat(offer.media()).allSatisfy(m -> {
            assertThat(m.direction()).contains(Direction.RECVONLY);
            assertThat(m.ssrcs()).isEmpty();
            assertThat(m.msids()).isEmpty();
        });
        MediaDescription video = offer.media().get(1);
        assertThat(video.codec(35).orElseThrow().parameter("profile-id")).contains("1");
        assertThat(video.rtxPayloadType(35)).isEqualTo(OptionalInt.of(36));
    }

    @Test
    void datachannelOfferHasAnSctpApplicationSection() {
        MediaDescription data = Fixtures.parse("chrome-offer-datachannel.sdp").media().get(0);

        assertThat(data.kind()).isEqualTo(MediaKind.APPLICATION);
        assertThat(data.protocol()).isEqualTo(MediaDescription.SCTP_PROFILE);
        assertThat(data.isRtp()).isFalse();
        assertThat(data.formats()).containsExactly("webrtc-datachannel");
        assertThat(data.payloadTypes()).isEmpty();
        assertThat(data.codecs()).isEmpty();
        assertThat(data.attribute("sctp-port")).contains(Attribute.of("sctp-port", "5000"));
        assertThat(data.attribute("max-message-size")).contains(Attribute.of("max-message-size", "262144"));
        assertThat(data.mid()).contains("0");
    }
}
