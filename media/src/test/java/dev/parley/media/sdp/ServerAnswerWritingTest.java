package dev.parley.media.sdp;

import dev.parley.media.stun.IceCredentials;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Descriptions an ICE-lite SFU writes: built with the builders, written in canonical order. */
class ServerAnswerWritingTest {
    private static final IceCredentials ICE = new IceCredentials("prly", "0123456789abcdefghijklmn");
    private static final Fingerprint FINGERPRINT = Fingerprint.of("sha-256", sequence(32));
    private static final String SDES_MID = "urn:ietf:params:rtp-hdrext:sdes:mid";
    private static final String RID = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";

    private static byte[] sequence(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    private static MediaDescriptionBuilder transport(MediaKind kind, String mid) {
        return MediaDescription.builder(kind).port(8000).connection(Connection.ip4("203.0.113.7")).mid(mid)
                .iceCredentials(ICE).fingerprints(List.of(FINGERPRINT)).setup(Setup.PASSIVE).rtcpMux(true)
                .rtcpReducedSize(true);
    }

    @Test
    void writesAnIceLiteAnswerWithHostCandidatesBundleMsidAndFidGroup() throws SdpParseException {
        Codec opus = Codec.of(111, "opus", 48000, java.util.OptionalInt.of(2))
                .withParameters(Map.of("minptime", "10")).withParameter("useinbandfec", "1")
                .withFeedback(List.of(RtcpFeedback.TRANSPORT_CC));
        Codec vp8 = Codec.of(96, "VP8", 90000, java.util.OptionalInt.empty())
                .withFeedback(List.of(RtcpFeedback.NACK, RtcpFeedback.NACK_PLI, RtcpFeedback.CCM_FIR));
        MediaDescription audio = transport(MediaKind.AUDIO, "0").direction(Direction.RECVONLY)
                .extmaps(List.of(Extmap.of(1, "urn:ietf:params:rtp-hdrext:ssrc-audio-level"), Extmap.of(4, SDES_MID)))
                .codecs(List.of(opus))
                .addCandidate(Candidate.udpHost("1", 2130706431L, "203.0.113.7", 8000))
                .addCandidate(Candidate.tcpPassiveHost("2", 1518280447L, "203.0.113.7", 8000))
                .endOfCandidates(true).build();
        MediaDescription video = transport(MediaKind.VIDEO, "1").direction(Direction.SENDONLY)
                .extmaps(List.of(Extmap.of(4, SDES_MID))).addMsid(new Msid("alice", "alice-camera"))
                .codecs(List.of(vp8, Codec.rtx(97, vp8)))
                .addSsrcGroup(SsrcGroup.fid(1111, 2222))
                .addSsrc(1111, SsrcAttribute.CNAME, "alice").addSsrc(1111, SsrcAttribute.MSID, "alice alice-camera")
                .addSsrc(2222, SsrcAttribute.CNAME, "alice").addSsrc(2222, SsrcAttribute.MSID, "alice alice-camera")
                .build();
        SessionDescription answer = SessionDescription.builder(Origin.of(42, 1)).iceLite(true)
                .addGroup(Group.bundle(List.of("0", "1"))).msidSemantic(MsidSemantic.wmsAll())
                .addMedia(audio).addMedia(video).build();

        String fingerprintLine = "a=fingerprint:sha-256 00:01:02:03:04:05:06:07:08:09:0A:0B:0C:0D:0E:0F:"
                + "10:11:12:13:14:15:16:17:18:19:1A:1B:1C:1D:1E:1F\r\n";
        String transport = "c=IN IP4 203.0.113.7\r\n%sa=ice-ufrag:prly\r\na=ice-pwd:0123456789abcdefghijklmn\r\n"
                + fingerprintLine + "a=setup:passive\r\n";
        assertThat(answer.write()).isEqualTo("v=0\r\no=- 42 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
                + "a=group:BUNDLE 0 1\r\na=msid-semantic: WMS *\r\na=ice-lite\r\n"
                + "m=audio 8000 UDP/TLS/RTP/SAVPF 111\r\n" + transport.formatted("a=mid:0\r\n")
                + "a=recvonly\r\na=rtcp-mux\r\na=rtcp-rsize\r\n"
                + "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\na=extmap:4 " + SDES_MID + "\r\n"
                + "a=rtpmap:111 opus/48000/2\r\na=fmtp:111 minptime=10;useinbandfec=1\r\na=rtcp-fb:111 transport-cc\r\n"
                + "a=candidate:1 1 udp 2130706431 203.0.113.7 8000 typ host\r\n"
                + "a=candidate:2 1 tcp 1518280447 203.0.113.7 8000 typ host tcptype passive\r\n"
                + "a=end-of-candidates\r\n"
                + "m=video 8000 UDP/TLS/RTP/SAVPF 96 97\r\n" + transport.formatted("a=mid:1\r\n")
                + "a=sendonly\r\na=rtcp-mux\r\na=rtcp-rsize\r\na=extmap:4 " + SDES_MID + "\r\n"
                + "a=msid:alice alice-camera\r\n"
                + "a=rtpmap:96 VP8/90000\r\na=rtcp-fb:96 nack\r\na=rtcp-fb:96 nack pli\r\na=rtcp-fb:96 ccm fir\r\n"
                + "a=rtpmap:97 rtx/90000\r\na=fmtp:97 apt=96\r\n"
                + "a=ssrc-group:FID 1111 2222\r\n"
                + "a=ssrc:1111 cname:alice\r\na=ssrc:1111 msid:alice alice-camera\r\n"
                + "a=ssrc:2222 cname:alice\r\na=ssrc:2222 msid:alice alice-camera\r\n");
        assertThat(SessionDescription.parse(answer.write())).isEqualTo(answer);
        assertThat(answer.toString()).isEqualTo(answer.write());
    }

    @Test
    void answersChromesSimulcastOfferByReceivingItsRids() throws SdpParseException {
        SessionDescription offer = Fixtures.parse("chrome-offer-simulcast.sdp");
        List<MediaDescription> sections = new ArrayList<>();
        for (MediaDescription offered : offer.media()) {
            Codec preferred = offered.codec(offered.kind() == MediaKind.AUDIO ? "opus" : "VP8").orElseThrow();
            List<Codec> codecs = new ArrayList<>(List.of(preferred));
            offered.rtxPayloadType(preferred.payloadType())
                    .ifPresent(rtx -> codecs.add(offered.codec(rtx).orElseThrow()));
            MediaDescriptionBuilder answer = transport(offered.kind(), offered.mid().orElseThrow())
                    .direction(offer.resolvedDirection(offered).reversed()).codecs(codecs)
                    .extmaps(offered.extmaps().stream().filter(e -> e.uri().equals(SDES_MID) || e.uri().equals(RID))
                            .toList());
            List<Rid> rids = offered.rids().stream().map(r -> Rid.of(r.id(), Rid.Direction.RECV)).toList();
            answer.rids(rids).simulcast(offered.simulcast().map(Simulcast::reversed));
            sections.add(answer.build());
        }
        SessionDescription answer = SessionDescription.builder(Origin.of(7, 1)).iceLite(true)
                .addGroup(Group.bundle(offer.bundleMids())).media(sections).build();

        MediaDescription video = SessionDescription.parse(answer.write()).mediaByMid("1").orElseThrow();
        assertThat(video.direction()).contains(Direction.RECVONLY);
        assertThat(video.payloadTypes()).containsExactly(96, 97);
        assertThat(video.rtxPayloadType(96)).hasValue(97);
        assertThat(video.extmapId(RID)).hasValue(10);
        assertThat(video.simulcast().orElseThrow().recvRids()).containsExactly("q", "h", "f");
        assertThat(answer.write()).contains("a=rid:q recv\r\na=rid:h recv\r\na=rid:f recv\r\na=simulcast:recv q;h;f\r\n");
        assertThat(answer.mediaByMid("0").orElseThrow().codecs()).extracting(Codec::name).containsExactly("opus");
    }

    @Test
    void copiesChangeOneThingAndKeepTheRest() {
        MediaDescription audio = Fixtures.parse("chrome-offer-audio-video.sdp").media().get(0);

        MediaDescription rejected = audio.withPort(0);
        assertThat(rejected.isRejected()).isTrue();
        assertThat(rejected.codecs()).isEqualTo(audio.codecs());
        assertThat(audio.withDirection(Direction.INACTIVE).direction()).contains(Direction.INACTIVE);
        assertThat(audio.withCodecs(List.of(audio.codecs().get(0))).formats()).containsExactly("111");
        assertThat(audio.withCandidates(List.of()).candidates()).isEmpty();
        assertThat(audio.toBuilder().build()).isEqualTo(audio);
        assertThat(Origin.of(5, 1).withNextVersion().sessionVersion()).isEqualTo(2);
        SessionDescription offer = Fixtures.parse("chrome-offer-audio-video.sdp");
        assertThat(offer.toBuilder().build()).isEqualTo(offer);
        assertThat(offer.withMedia(List.of()).media()).isEmpty();
    }
}
