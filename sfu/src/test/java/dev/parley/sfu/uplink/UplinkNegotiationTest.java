package dev.parley.sfu.uplink;

import dev.parley.sfu.NegotiationException;
import dev.parley.sfu.TransportSdp;
import dev.parley.sfu.ForwardedCodec;
import dev.parley.sfu.BrowserOffers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.media.dtls.DtlsFingerprint;
import dev.parley.media.dtls.DtlsRole;
import dev.parley.media.sdp.Candidate;
import dev.parley.media.sdp.CandidateType;
import dev.parley.media.sdp.Codec;
import dev.parley.media.sdp.Direction;
import dev.parley.media.sdp.MediaDescription;
import dev.parley.media.sdp.Rid;
import dev.parley.media.sdp.Direction;
import dev.parley.media.rtp.SdesRtpStreamId;
import dev.parley.media.sdp.MediaKind;
import dev.parley.media.sdp.RtcpFeedback;
import dev.parley.media.sdp.SessionDescription;
import dev.parley.media.sdp.Setup;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UplinkNegotiationTest {
    private static final String UFRAG = "pUfr";
    private static final String PWD = "parleyIcePasswordOf24chr";
    private static final String IP = "192.0.2.10";
    private static final int PORT = 40_000;
    private static final String LOCAL_FP = "sha-256 " + "AB:".repeat(31) + "AB";
    private static final String CHROME_FP =
            "sha-256 B5:A6:A2:55:0C:B4:F3:98:3E:7B:8A:70:94:32:7A:65:7D:22:1E:59:C5:BA:C7:8E:28:2C:EF:D7:E1:CF:CE:5F";

    private static TransportSdp local() throws Exception {
        return new TransportSdp(UFRAG, PWD, DtlsFingerprint.parse(LOCAL_FP), IP, PORT);
    }

    private static UplinkNegotiation.Result answer(String offer) throws Exception {
        return UplinkNegotiation.answer(offer, local());
    }

    /** The answer as the browser will see it: written, then parsed again. */
    private static SessionDescription wire(UplinkNegotiation.Result r) throws Exception {
        return SessionDescription.parse(r.answer().write());
    }

    private static void assertAcceptedTransport(MediaDescription m) throws Exception {
        assertThat(m.port()).isEqualTo(PORT);
        assertThat(m.direction()).contains(Direction.RECVONLY);
        assertThat(m.setup()).contains(Setup.PASSIVE);
        assertThat(m.rtcpMux()).isTrue();
        assertThat(m.iceUfrag()).contains(UFRAG);
        assertThat(m.icePwd()).contains(PWD);
        assertThat(m.fingerprints()).hasSize(1);
        assertThat(DtlsFingerprint.parse(m.fingerprints().get(0).algorithm() + " " + m.fingerprints().get(0).hex()))
                .isEqualTo(DtlsFingerprint.parse(LOCAL_FP));
        assertThat(m.candidates()).hasSize(1);
        Candidate c = m.candidates().get(0);
        assertThat(c.isUdp()).isTrue();
        assertThat(c.type()).isEqualTo(CandidateType.HOST);
        assertThat(c.component()).isEqualTo(1);
        assertThat(c.address()).isEqualTo(IP);
        assertThat(c.port()).isEqualTo(PORT);
        assertThat(m.endOfCandidates()).isTrue();
        assertThat(m.rids()).isEmpty();
        assertThat(m.simulcast()).isEmpty();
    }

    private static void assertRejected(MediaDescription answered, MediaDescription offered) {
        assertThat(answered.port()).isZero();
        assertThat(answered.kind()).isEqualTo(offered.kind());
        assertThat(answered.protocol()).isEqualTo(offered.protocol());
        assertThat(answered.formats()).isEqualTo(offered.formats());
        assertThat(answered.mid()).isEqualTo(offered.mid());
        assertThat(answered.candidates()).isEmpty();
    }

    private static void assertInvalid(String offer, String... messageParts) {
        assertThatThrownBy(() -> answer(offer))
                .isInstanceOf(NegotiationException.class)
                .hasMessageContainingAll(messageParts);
    }

    // --- real browser offers ------------------------------------------------------------------------

    @Test
    void chromeOfferIsAnsweredIceLiteRecvonlyBundledWithOpusAndVp8() throws Exception {
        UplinkNegotiation.Result r = answer(BrowserOffers.read(BrowserOffers.CHROME));
        SessionDescription a = wire(r);

        assertThat(a.iceLite()).isTrue();
        assertThat(a.bundleMids()).containsExactly("0", "1");
        assertThat(a.media()).hasSize(2);
        for (MediaDescription m : a.media()) {
            assertAcceptedTransport(m);
        }
        MediaDescription audio = a.media().get(0);
        assertThat(audio.kind()).isEqualTo(MediaKind.AUDIO);
        assertThat(audio.mid()).contains("0");
        // RFC 2198: red/48000/2 first, so Chrome sends its Opus inside RED; then Opus itself.
        assertThat(audio.codecs()).extracting(Codec::payloadType).containsExactly(63, 111);
        assertThat(audio.codecs().get(0).isNamed("red")).isTrue();
        assertThat(audio.codecs().get(0).parameters()).containsExactly(java.util.Map.entry("111/111", ""));
        assertThat(audio.codecs().get(1)).satisfies(c -> {
            assertThat(c.payloadType()).isEqualTo(111);
            assertThat(c.isNamed("opus")).isTrue();
            assertThat(c.clockRate()).isEqualTo(48_000);
            assertThat(c.channels()).isEqualTo(OptionalInt.of(2));
            assertThat(c.parameter("useinbandfec")).contains("1");
        });
        assertThat(audio.extmapId(UplinkNegotiation.MID_EXTENSION)).isEqualTo(OptionalInt.of(4));

        MediaDescription video = a.media().get(1);
        assertThat(video.kind()).isEqualTo(MediaKind.VIDEO);
        assertThat(video.codecs()).extracting(Codec::payloadType).containsExactly(96, 97);
        assertThat(video.codecs().get(0).isNamed("VP8")).isTrue();
        assertThat(video.codecs().get(0).feedback())
                .contains(RtcpFeedback.NACK, RtcpFeedback.NACK_PLI, RtcpFeedback.CCM_FIR);
        assertThat(video.rtxPayloadType(96)).isEqualTo(OptionalInt.of(97));
        assertThat(video.rtcpReducedSize()).isTrue();
    }

    @Test
    void chromeOfferDescribesBothTracksWithTheirSsrcs() throws Exception {
        UplinkNegotiation.Result r = answer(BrowserOffers.read(BrowserOffers.CHROME));

        assertThat(r.localRole()).isEqualTo(DtlsRole.SERVER);
        assertThat(r.remoteFingerprint()).isEqualTo(DtlsFingerprint.parse(CHROME_FP));
        assertThat(r.tracks()).hasSize(2);
        UplinkNegotiation.TrackSpec audio = r.tracks().get(0);
        assertThat(audio.kind()).isEqualTo(MediaKind.AUDIO);
        assertThat(audio.codec()).isEqualTo(ForwardedCodec.OPUS);
        assertThat(audio.payloadType()).isEqualTo(111);
        assertThat(audio.rtxPayloadType()).isEmpty();
        assertThat(audio.ssrc()).isEqualTo(OptionalLong.of(3_419_704_644L));
        UplinkNegotiation.TrackSpec video = r.tracks().get(1);
        assertThat(video.kind()).isEqualTo(MediaKind.VIDEO);
        assertThat(video.mid()).isEqualTo("1");
        assertThat(video.codec()).isEqualTo(ForwardedCodec.VP8);
        assertThat(video.payloadType()).isEqualTo(96);
        assertThat(video.rtxPayloadType()).isEqualTo(OptionalInt.of(97));
        assertThat(video.ssrc()).isEqualTo(OptionalLong.of(957_408_553L));
        assertThat(video.rtxSsrc()).isEqualTo(OptionalLong.of(3_390_141_415L));
    }

    @Test
    void firefoxOfferGetsOpusAndVp8WithItsOwnPayloadTypes() throws Exception {
        UplinkNegotiation.Result r = answer(BrowserOffers.read(BrowserOffers.FIREFOX));
        SessionDescription a = wire(r);

        assertThat(a.iceLite()).isTrue();
        assertThat(a.bundleMids()).containsExactly("0", "1");
        a.media().forEach(m -> {
            try {
                assertAcceptedTransport(m);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertThat(a.media().get(0).codecs()).extracting(Codec::payloadType).containsExactly(109);
        assertThat(a.media().get(1).codecs()).extracting(Codec::payloadType).containsExactly(120, 124);
        assertThat(a.media().get(1).codecs().get(0).isNamed("VP8")).isTrue();
        assertThat(a.media().get(0).extmapId(UplinkNegotiation.MID_EXTENSION)).isEqualTo(OptionalInt.of(3));
        assertThat(r.tracks().get(1).ssrc()).isEqualTo(OptionalLong.of(1_724_712_746L));
        assertThat(r.tracks().get(1).rtxSsrc()).isEqualTo(OptionalLong.of(2_291_600_181L));
        assertThat(r.tracks().get(0).ssrc()).isEqualTo(OptionalLong.of(178_999_700L));
    }

    @Test
    void safariOfferGetsVp8WhichEverySubscriberDecodesThoughItListsH264First() throws Exception {
        UplinkNegotiation.Result r = answer(BrowserOffers.read(BrowserOffers.SAFARI));
        SessionDescription a = wire(r);

        MediaDescription video = a.media().get(1);
        assertAcceptedTransport(video);
        assertThat(video.codecs()).extracting(Codec::payloadType).containsExactly(102, 125);
        assertThat(video.codecs().get(0).isNamed("VP8")).isTrue();
        assertThat(video.codecs().get(1).isRtx()).isTrue();
        assertThat(video.codecs().get(1).associatedPayloadType()).isEqualTo(OptionalInt.of(102));
        assertThat(r.tracks().get(1).codec()).isEqualTo(ForwardedCodec.VP8);
        assertThat(r.tracks().get(1).ssrc()).isEqualTo(OptionalLong.of(3_076_254_190L));
        assertThat(a.media().get(0).codecs()).extracting(Codec::payloadType).containsExactly(63, 111);
        // Safari writes no rtcp-rsize on audio: the answer must not claim it either (RFC 5506 §5).
        assertThat(a.media().get(0).rtcpReducedSize()).isFalse();
    }

    @Test
    void anH264OnlyOfferGetsConstrainedBaselineNotTheHighProfileItListsFirst() throws Exception {
        String safari = BrowserOffers.read(BrowserOffers.SAFARI);
        // Safari without VP8 (older versions offered only H.264): drop the VP8 and VP9 formats.
        String h264Only = safari.replaceAll("(?m)^a=(rtpmap|fmtp|rtcp-fb):(102|125|104|105) .*\\r?\\n", "")
                .replaceAll("(?m)^(m=video \\d+ \\S+)((?: \\d+)+)", "$1 98 99 96 97");
        UplinkNegotiation.Result r = answer(h264Only);
        MediaDescription video = wire(r).media().get(1);
        assertThat(video.codecs()).extracting(Codec::payloadType).containsExactly(98, 99);
        Codec h264 = video.codecs().get(0);
        assertThat(h264.isNamed("H264")).isTrue();
        assertThat(h264.parameter("packetization-mode")).contains("1");
        assertThat(h264.parameter("profile-level-id")).contains("42e01f");
        assertThat(r.tracks().get(1).codec()).isEqualTo(ForwardedCodec.H264);
    }

    @Test
    void chromeSimulcastOfferIsAnsweredWithEveryRidReceivedInOfferOrder() throws Exception {
        UplinkNegotiation.Result r = answer(BrowserOffers.read(BrowserOffers.CHROME_SIMULCAST));
        MediaDescription video = wire(r).media().get(1);

        assertThat(video.port()).isEqualTo(PORT);
        assertThat(video.rids()).extracting(Rid::id).containsExactly("q", "h", "f");
        assertThat(video.rids()).extracting(Rid::direction).containsOnly(Rid.Direction.RECV);
        assertThat(video.simulcast().orElseThrow().recvRids()).containsExactly("q", "h", "f");
        assertThat(video.simulcast().orElseThrow().sendRids()).isEmpty();
        assertThat(video.extmapId(SdesRtpStreamId.URI)).hasValue(10);
        assertThat(video.extmapId(SdesRtpStreamId.REPAIRED_URI)).hasValue(11);
        UplinkNegotiation.SimulcastSpec sc = r.tracks().get(1).simulcast().orElseThrow();
        assertThat(sc.rids()).containsExactly("q", "h", "f");
        assertThat(sc.ridExtensionId()).isEqualTo(10);
        assertThat(sc.repairedRidExtensionId()).hasValue(11);
        assertThat(r.tracks().get(1).ssrc()).isEmpty(); // bound later, from the rid of the first packets
    }

    @Test
    void firefoxSendonlyRidExtensionsAreAnsweredRecvonly() throws Exception {
        UplinkNegotiation.Result r = answer(BrowserOffers.read(BrowserOffers.FIREFOX_SIMULCAST));
        MediaDescription video = wire(r).media().get(1);

        assertThat(video.simulcast().orElseThrow().recvRids()).containsExactly("q", "h", "f");
        assertThat(video.extmaps()).filteredOn(e -> e.uri().equals(SdesRtpStreamId.URI))
                .singleElement().satisfies(e -> {
                    assertThat(e.id()).isEqualTo(9);
                    assertThat(e.direction()).contains(Direction.RECVONLY);
                });
    }

    @Test
    void simulcastWithoutTheRidExtensionIsAnsweredWithASingleLayer() throws Exception {
        String offer = BrowserOffers.read(BrowserOffers.CHROME_SIMULCAST)
                .replaceAll("(?m)^a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id\\r?\\n", "");
        UplinkNegotiation.Result r = answer(offer);
        MediaDescription video = wire(r).media().get(1);

        assertThat(video.rids()).isEmpty();
        assertThat(video.simulcast()).isEmpty();
        assertThat(r.tracks().get(1).simulcast()).isEmpty();
    }

    @Test
    void simulcastIsLimitedToThreeLayersAndUndeclaredRidsAreIgnored() throws Exception {
        String offer = BrowserOffers.read(BrowserOffers.CHROME_SIMULCAST)
                .replace("a=simulcast:send q;h;f", "a=simulcast:send x;q;h;f;q");
        UplinkNegotiation.Result r = answer(offer);

        assertThat(r.tracks().get(1).simulcast().orElseThrow().rids()).containsExactly("q", "h", "f");
    }

    @Test
    void answerVersionsDifferBetweenNegotiations() throws Exception {
        TransportSdp sdp = local();
        String offer = BrowserOffers.read(BrowserOffers.CHROME);

        SessionDescription first = UplinkNegotiation.answer(offer, sdp).answer();
        SessionDescription second = UplinkNegotiation.answer(offer, sdp).answer();

        assertThat(second.origin().sessionId()).isEqualTo(first.origin().sessionId());
        assertThat(second.origin().sessionVersion()).isGreaterThan(first.origin().sessionVersion());
    }

    // --- sections that are refused ------------------------------------------------------------------

    @Test
    void dataChannelAndSecondTracksAndUnsupportedCodecsAreRejectedWithPortZero() throws Exception {
        String av = BrowserOffers.read(BrowserOffers.CHROME).replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0 1 2 3");
        String dc = BrowserOffers.read(BrowserOffers.CHROME_DATACHANNEL);
        String dcSection = dc.substring(dc.indexOf("m=application")).replace("a=mid:0", "a=mid:2");
        String pcmu = "m=audio 9 UDP/TLS/RTP/SAVPF 0\r\nc=IN IP4 0.0.0.0\r\na=mid:3\r\na=sendonly\r\n"
                + "a=rtcp-mux\r\na=rtpmap:0 PCMU/8000\r\n";
        String offer = av + dcSection + pcmu;
        SessionDescription offered = SessionDescription.parse(offer);

        UplinkNegotiation.Result r = answer(offer);
        SessionDescription a = wire(r);

        assertThat(a.media()).hasSize(4);
        assertThat(a.bundleMids()).containsExactly("0", "1");
        assertThat(a.media().get(0).port()).isEqualTo(PORT);
        assertThat(a.media().get(1).port()).isEqualTo(PORT);
        assertRejected(a.media().get(2), offered.media().get(2));
        assertThat(a.media().get(2).protocol()).isEqualTo(MediaDescription.SCTP_PROFILE);
        assertRejected(a.media().get(3), offered.media().get(3));
        assertThat(r.tracks()).extracting(UplinkNegotiation.TrackSpec::mid).containsExactly("0", "1");
    }

    @Test
    void aVideoSectionWithoutAForwardableCodecIsRejectedAndAudioStillAccepted() throws Exception {
        String offer = BrowserOffers.read(BrowserOffers.FIREFOX).replace("VP8/90000", "VP7/90000");

        SessionDescription a = wire(answer(offer));

        assertThat(a.media().get(0).port()).isEqualTo(PORT);
        assertThat(a.media().get(1).port()).isZero();
        assertThat(a.bundleMids()).containsExactly("0");
    }

    @Test
    void aRecvonlySectionIsNotPublished() throws Exception {
        String offer = BrowserOffers.read(BrowserOffers.CHROME);
        int video = offer.indexOf("m=video");
        offer = offer.substring(0, video) + offer.substring(video).replaceFirst("a=sendrecv", "a=recvonly");

        UplinkNegotiation.Result r = answer(offer);

        assertThat(r.tracks()).extracting(UplinkNegotiation.TrackSpec::kind).containsExactly(MediaKind.AUDIO);
        assertThat(wire(r).media().get(1).port()).isZero();
    }

    // --- DTLS roles (RFC 5763 §5) -------------------------------------------------------------------

    @Test
    void activeOfferMakesUsThePassiveDtlsServer() throws Exception {
        String offer = BrowserOffers.read(BrowserOffers.CHROME).replace("a=setup:actpass", "a=setup:active");

        UplinkNegotiation.Result r = answer(offer);

        assertThat(r.localRole()).isEqualTo(DtlsRole.SERVER);
        assertThat(wire(r).media().get(0).setup()).contains(Setup.PASSIVE);
    }

    @Test
    void passiveOfferMakesUsTheActiveDtlsClient() throws Exception {
        String offer = BrowserOffers.read(BrowserOffers.CHROME).replace("a=setup:actpass", "a=setup:passive");

        UplinkNegotiation.Result r = answer(offer);

        assertThat(r.localRole()).isEqualTo(DtlsRole.CLIENT);
        assertThat(wire(r).media()).allSatisfy(m -> assertThat(m.setup()).contains(Setup.ACTIVE));
    }

    @Test
    void holdconnIsRefused() {
        String offer = BrowserOffers.read(BrowserOffers.CHROME).replace("a=setup:actpass", "a=setup:holdconn");

        assertInvalid(offer, "a=setup:holdconn", "not supported");
    }

    // --- bad offers ---------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"", "hello", "{\"type\":\"offer\"}", "v=1\r\n", "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\n"})
    void textThatIsNotSdpIsInvalidWithTheParserMessage(String offer) {
        assertInvalid(offer, "publish offer is not valid SDP");
    }

    @Test
    void offerWithoutFingerprintIsInvalid() {
        String offer = BrowserOffers.withoutLines(BrowserOffers.read(BrowserOffers.CHROME),
                l -> l.startsWith("a=fingerprint:"));

        assertInvalid(offer, "fingerprint");
    }

    @Test
    void firefoxOfferWithoutItsSessionLevelFingerprintIsInvalid() {
        String offer = BrowserOffers.withoutLines(BrowserOffers.read(BrowserOffers.FIREFOX),
                l -> l.startsWith("a=fingerprint:"));

        assertInvalid(offer, "fingerprint");
    }

    @Test
    void offerWithAnUnsupportedFingerprintHashIsInvalid() {
        String offer = BrowserOffers.read(BrowserOffers.CHROME).replace("a=fingerprint:sha-256", "a=fingerprint:md2");

        assertThatThrownBy(() -> answer(offer)).isInstanceOf(NegotiationException.class);
    }

    @Test
    void offerWithoutRtcpMuxIsInvalidAndSaysHowToFixIt() {
        String offer = BrowserOffers.withoutLines(BrowserOffers.read(BrowserOffers.CHROME),
                l -> l.equals("a=rtcp-mux"));

        assertInvalid(offer, "rtcp-mux", "rtcpMuxPolicy");
    }

    @ParameterizedTest
    @ValueSource(strings = {BrowserOffers.CHROME_DATACHANNEL, BrowserOffers.FIREFOX_DATACHANNEL,
            BrowserOffers.CHROME_RECVONLY})
    void offerWithNothingToPublishIsInvalid(String fixture) {
        assertInvalid(BrowserOffers.read(fixture), "no sendable audio (Opus) or video (VP8, or H.264");
    }

    @Test
    void offerWithOnlyUnforwardableCodecsIsInvalid() {
        String offer = BrowserOffers.read(BrowserOffers.FIREFOX).replace("VP8/90000", "VP7/90000")
                .replace("opus/48000/2", "speex/48000");

        assertInvalid(offer, "no sendable");
    }

    @Test
    void answerParsesBackToTheSameModel() throws Exception {
        for (String f : List.of(BrowserOffers.CHROME, BrowserOffers.FIREFOX, BrowserOffers.SAFARI)) {
            SessionDescription a = answer(BrowserOffers.read(f)).answer();
            assertThat(SessionDescription.parse(a.write())).as(f).isEqualTo(a);
        }
    }
}
