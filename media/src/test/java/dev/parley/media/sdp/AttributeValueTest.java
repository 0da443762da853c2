package dev.parley.media.sdp;

import dev.parley.media.stun.IceCredentials;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The grammar of single attribute values, and the places where the model normalises what it reads. */
class AttributeValueTest {
    private static final String HEAD = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";

    @Test
    void simulcastKeepsAlternativesAndPausedRids() throws SdpParseException {
        Simulcast s = Simulcast.parse("recv 1,~4;2;3 send a");

        assertThat(s.recv()).hasSize(3);
        assertThat(s.recv().get(0).alternatives()).containsExactly(new Simulcast.Alternative("1", false),
                new Simulcast.Alternative("4", true));
        assertThat(s.recvRids()).containsExactly("1", "2", "3");
        assertThat(s.sendRids()).containsExactly("a");
        assertThat(s.value()).isEqualTo("send a recv 1,~4;2;3");
        assertThat(s.reversed().sendRids()).containsExactly("1", "2", "3");
        assertThat(Simulcast.receiving(List.of("q", "h", "f")).value()).isEqualTo("recv q;h;f");
    }

    @Test
    void ridKeepsRestrictionsInOrderAndReadsPayloadTypes() throws SdpParseException {
        Rid r = Rid.parse("f send pt=96,97;max-width=1280;max-height=720");

        assertThat(r.id()).isEqualTo("f");
        assertThat(r.direction()).isEqualTo(Rid.Direction.SEND);
        assertThat(r.restrictions()).containsExactly(Map.entry("pt", "96,97"), Map.entry("max-width", "1280"),
                Map.entry("max-height", "720"));
        assertThat(r.payloadTypes()).containsExactly(96, 97);
        assertThat(r.restriction("MAX-WIDTH")).contains("1280");
        assertThat(r.value()).isEqualTo("f send pt=96,97;max-width=1280;max-height=720");
        assertThat(Rid.of("q", Rid.Direction.RECV).value()).isEqualTo("q recv");
        assertThat(Rid.of("q", Rid.Direction.RECV).payloadTypes()).isEmpty();
    }

    @Test
    void extmapReadsDirectionAndExtensionAttributes() throws SdpParseException {
        Extmap e = Extmap.parse("7/sendonly urn:ietf:params:rtp-hdrext:encrypt urn:example:inner 1");

        assertThat(e).isEqualTo(new Extmap(7, Optional.of(Direction.SENDONLY), "urn:ietf:params:rtp-hdrext:encrypt",
                "urn:example:inner 1"));
        assertThat(e.value()).isEqualTo("7/sendonly urn:ietf:params:rtp-hdrext:encrypt urn:example:inner 1");
        assertThat(Extmap.parse("255 urn:x").id()).isEqualTo(255);
    }

    @Test
    void fmtpParametersAreTrimmedAndWrittenCompactly() throws SdpParseException {
        Map<String, String> p = ParameterMap.parse(" minptime=10; useinbandfec = 1;;sprop-parameter-sets=Z0IA,aM4=", "f");

        assertThat(p).containsExactly(Map.entry("minptime", "10"), Map.entry("useinbandfec", "1"),
                Map.entry("sprop-parameter-sets", "Z0IA,aM4="));
        assertThat(ParameterMap.format(p)).isEqualTo("minptime=10;useinbandfec=1;sprop-parameter-sets=Z0IA,aM4=");
    }

    @Test
    void fingerprintIsNormalisedToRfc8122Case() throws SdpParseException {
        Fingerprint f = Fingerprint.parse("SHA-256 ab:0c:FF");

        assertThat(f).isEqualTo(new Fingerprint("sha-256", "AB:0C:FF"));
        assertThat(f.bytes()).containsExactly(0xAB, 0x0C, 0xFF);
        assertThat(Fingerprint.of("SHA-256", new byte[] {1, (byte) 0xfe}).value()).isEqualTo("sha-256 01:FE");
        assertThat(f.matches("SHA-256", new byte[] {(byte) 0xab, 0x0c, (byte) 0xff})).isTrue();
        assertThat(f.matches("sha-1", new byte[] {(byte) 0xab, 0x0c, (byte) 0xff})).isFalse();
    }

    @Test
    void ssrcAttributeValueMayContainBlanks() throws SdpParseException {
        SsrcAttribute s = SsrcAttribute.parse("3245377588 msid:stream track");

        assertThat(s).isEqualTo(new SsrcAttribute(3245377588L, "msid", "stream track"));
        assertThat(s.text()).isEqualTo("3245377588 msid:stream track");
    }

    @Test
    void staticPayloadTypesWithoutRtpmapBecomeCodecs() throws SdpParseException {
        SessionDescription d = SessionDescription.parse(HEAD + "m=audio 9 RTP/AVP 0 8 18\r\na=fmtp:18 annexb=no\r\n");
        MediaDescription audio = d.media().get(0);

        assertThat(audio.codecs()).extracting(Codec::name).containsExactly("PCMU", "PCMA", "G729");
        assertThat(audio.codec("g729").orElseThrow().parameters()).containsExactly(Map.entry("annexb", "no"));
        assertThat(audio.write()).contains("a=rtpmap:0 PCMU/8000\r\n").contains("a=fmtp:18 annexb=no\r\n");
    }

    @Test
    void codecLinesWithoutACodecStayVerbatimAndRoundTrip() throws SdpParseException {
        String sdp = HEAD + "m=video 9 UDP/TLS/RTP/SAVPF 96 97\r\n"
                + "a=fmtp:97 apt=96\r\na=rtpmap:96 VP8/90000\r\na=rtcp-fb:* nack\r\na=rtpmap:100 H264/90000\r\n"
                + "a=rtcp-fb:97 nack\r\n";
        SessionDescription d = SessionDescription.parse(sdp);
        MediaDescription video = d.media().get(0);

        assertThat(video.codecs()).extracting(Codec::payloadType).containsExactly(96);
        assertThat(video.payloadTypes()).containsExactly(96, 97);
        assertThat(video.attributes()).containsExactly(Attribute.of("rtcp-fb", "* nack"),
                Attribute.of("rtpmap", "100 H264/90000"), Attribute.of("fmtp", "97 apt=96"),
                Attribute.of("rtcp-fb", "97 nack"));
        assertThat(SessionDescription.parse(d.write())).isEqualTo(d);
    }

    @Test
    void rarelyUsedLinesKeepTheirCanonicalPlace() throws SdpParseException {
        String sdp = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=Call\r\nt=0 0\r\nr=7d 1h 0 25h\r\nt=10 20\r\n"
                + "u=http://example.com/\r\ni=about\r\nc=IN IP4 203.0.113.1\r\nb=CT:1000\r\nk=prompt\r\n"
                + "m=video 9/2 RTP/AVP 31\r\nk=clear:x\r\nb=AS:512\r\ni=camera\r\n";
        SessionDescription d = SessionDescription.parse(sdp);

        // stored in RFC 8866 §5 order (the order they are written in), stable within each place
        assertThat(d.otherLines()).containsExactly(new SdpLine('u', "http://example.com/"), new SdpLine('i', "about"),
                new SdpLine('r', "7d 1h 0 25h"), new SdpLine('t', "10 20"), new SdpLine('k', "prompt"));
        assertThat(d.media().get(0).otherLines()).containsExactly(new SdpLine('i', "camera"),
                new SdpLine('k', "clear:x"));
        assertThat(d.media().get(0).portCount()).isEqualTo(2);
        assertThat(d.media().get(0).bandwidths()).containsExactly(new Bandwidth("AS", 512));
        assertThat(d.write()).isEqualTo("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=Call\r\nu=http://example.com/\r\n"
                + "i=about\r\nc=IN IP4 203.0.113.1\r\nb=CT:1000\r\nt=0 0\r\nr=7d 1h 0 25h\r\nt=10 20\r\nk=prompt\r\n"
                + "m=video 9/2 RTP/AVP 31\r\ni=camera\r\nb=AS:512\r\nk=clear:x\r\na=rtpmap:31 H261/90000\r\n");
        assertThat(SessionDescription.parse(d.write())).isEqualTo(d);
    }

    @Test
    void resolvedAccessorsLetMediaOverrideSession() throws SdpParseException {
        SessionDescription d = SessionDescription.parse(HEAD + "a=ice-ufrag:sess\r\na=ice-pwd:sessionpassword\r\n"
                + "a=fingerprint:sha-256 AA:BB\r\na=setup:actpass\r\na=inactive\r\n"
                + "m=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:a\r\n"
                + "m=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:b\r\na=ice-ufrag:med\r\na=fingerprint:sha-1 CC:DD\r\n"
                + "a=setup:passive\r\na=sendonly\r\n");
        MediaDescription a = d.mediaByMid("a").orElseThrow();
        MediaDescription b = d.mediaByMid("b").orElseThrow();

        assertThat(d.resolvedIceCredentials(a)).contains(new IceCredentials("sess", "sessionpassword"));
        assertThat(d.resolvedIceCredentials(b)).contains(new IceCredentials("med", "sessionpassword"));
        assertThat(d.resolvedFingerprint(a)).contains(new Fingerprint("sha-256", "AA:BB"));
        assertThat(d.resolvedFingerprints(b)).containsExactly(new Fingerprint("sha-1", "CC:DD"));
        assertThat(d.resolvedSetup(a)).contains(Setup.ACTPASS);
        assertThat(d.resolvedSetup(b)).contains(Setup.PASSIVE);
        assertThat(d.resolvedDirection(a)).isEqualTo(Direction.INACTIVE);
        assertThat(d.resolvedDirection(b)).isEqualTo(Direction.SENDONLY);
        assertThat(d.mediaByMid("c")).isEmpty();
        assertThat(d.bundleMids()).isEmpty();
    }

    @Test
    void portZeroRejectsUnlessBundleOnly() throws SdpParseException {
        SessionDescription d = SessionDescription.parse(HEAD + "m=audio 0 UDP/TLS/RTP/SAVPF 0\r\n"
                + "m=video 0 UDP/TLS/RTP/SAVPF 31\r\na=bundle-only\r\n");

        assertThat(d.media().get(0).isRejected()).isTrue();
        assertThat(d.media().get(1).isRejected()).isFalse();
        assertThat(d.media().get(1).rtxPayloadType(31)).isEqualTo(OptionalInt.empty());
    }
}
