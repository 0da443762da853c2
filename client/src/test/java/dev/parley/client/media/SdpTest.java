package dev.parley.client.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.media.dtls.DtlsCertificate;
import dev.parley.media.sdp.Direction;
import dev.parley.media.sdp.MediaDescription;
import dev.parley.media.sdp.MediaKind;
import dev.parley.media.sdp.SessionDescription;
import dev.parley.media.sdp.Setup;
import dev.parley.media.stun.IceCredentials;
import org.junit.jupiter.api.Test;

class SdpTest {
    private static final IceCredentials ICE = new IceCredentials("abcd", "0123456789abcdef012345");
    private static final DtlsCertificate CERT = DtlsCertificate.generate();

    @Test
    void theUplinkOfferIsWhatABrowserOffersForOneOpusAndOneVp8Track() throws Exception {
        SessionDescription sd = SessionDescription.parse(UplinkOffer.create(ICE, CERT.fingerprint(), "s1", 11, 22));

        assertThat(sd.bundleMids()).containsExactly("0", "1");
        MediaDescription audio = sd.media().get(0);
        MediaDescription video = sd.media().get(1);
        assertThat(audio.kind()).isEqualTo(MediaKind.AUDIO);
        assertThat(audio.codec("opus")).isPresent();
        assertThat(audio.ssrcIds()).containsExactly(11L);
        assertThat(video.codec("VP8")).isPresent();
        assertThat(video.ssrcIds()).containsExactly(22L);
        for (MediaDescription m : sd.media()) {
            assertThat(m.protocol()).isEqualTo(MediaDescription.RTP_PROFILE);
            assertThat(sd.resolvedDirection(m)).isEqualTo(Direction.SENDONLY);
            assertThat(sd.resolvedSetup(m)).contains(Setup.ACTPASS);
            assertThat(sd.resolvedIceCredentials(m)).contains(ICE);
            assertThat(m.rtcpMux()).isTrue();
        }
    }

    @Test
    void anAudioOnlyOfferHasOneSection() throws Exception {
        SessionDescription sd = SessionDescription.parse(UplinkOffer.create(ICE, CERT.fingerprint(), "s1", 11, 0));
        assertThat(sd.media()).singleElement().satisfies(m -> assertThat(m.kind()).isEqualTo(MediaKind.AUDIO));
    }

    @Test
    void theDownlinkAnswerReceivesWhatIsSentKeepsInactiveAndIsTheDtlsClient() throws Exception {
        String offer = String.join("\r\n", "v=0", "o=- 1 1 IN IP4 127.0.0.1", "s=-", "t=0 0", "a=ice-lite",
                "a=group:BUNDLE 0 1",
                "m=audio 9 UDP/TLS/RTP/SAVPF 111", "c=IN IP4 127.0.0.1", "a=mid:0", "a=sendonly",
                "a=ice-ufrag:srv1", "a=ice-pwd:serverPassword0123456789", "a=fingerprint:" + CERT.fingerprint().toSdpValue(),
                "a=setup:actpass", "a=rtcp-mux", "a=rtpmap:111 opus/48000/2", "a=ssrc:5 cname:x", "a=msid:s3 a1",
                "a=candidate:1 1 udp 2130706431 127.0.0.1 8000 typ host",
                "m=video 9 UDP/TLS/RTP/SAVPF 96", "c=IN IP4 127.0.0.1", "a=mid:1", "a=inactive",
                "a=ice-ufrag:srv1", "a=ice-pwd:serverPassword0123456789", "a=fingerprint:" + CERT.fingerprint().toSdpValue(),
                "a=setup:actpass", "a=rtcp-mux", "a=rtpmap:96 VP8/90000", "") ;
        DtlsCertificate mine = DtlsCertificate.generate();

        SessionDescription answer = SessionDescription.parse(DownlinkAnswer.create(offer, ICE, mine.fingerprint()));

        assertThat(answer.iceLite()).isFalse();
        assertThat(answer.resolvedDirection(answer.media().get(0))).isEqualTo(Direction.RECVONLY);
        assertThat(answer.resolvedDirection(answer.media().get(1))).isEqualTo(Direction.INACTIVE);
        for (MediaDescription m : answer.media()) {
            assertThat(answer.resolvedSetup(m)).contains(Setup.ACTIVE);
            assertThat(answer.resolvedIceCredentials(m)).contains(ICE);
            assertThat(answer.resolvedFingerprint(m).orElseThrow().hex())
                    .isEqualToIgnoringCase(mine.fingerprint().toSdpValue().split(" ")[1]);
            assertThat(m.candidates()).isEmpty();
            assertThat(m.ssrcIds()).isEmpty();
        }
    }
}
