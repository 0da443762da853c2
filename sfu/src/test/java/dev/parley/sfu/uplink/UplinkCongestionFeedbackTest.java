package dev.parley.sfu.uplink;

import dev.parley.sfu.TransportSdp;
import dev.parley.sfu.BrowserOffers;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.media.dtls.DtlsFingerprint;
import dev.parley.media.rtp.AbsSendTime;
import dev.parley.media.rtp.TransportWideSequenceNumber;
import dev.parley.media.sdp.Codec;
import dev.parley.media.sdp.MediaDescription;
import dev.parley.media.sdp.MediaKind;
import dev.parley.media.sdp.RtcpFeedback;
import dev.parley.media.sdp.SessionDescription;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The congestion feedback an uplink answer accepts, on real browser offers. */
class UplinkCongestionFeedbackTest {
    private static final String TWCC = TransportWideSequenceNumber.URI;
    private static final String ABS_SEND_TIME = AbsSendTime.URI;

    private static UplinkNegotiation.Result answer(String offer) throws Exception {
        TransportSdp local = new TransportSdp("pUfr", "parleyIcePasswordOf24chr",
                DtlsFingerprint.parse("sha-256 " + "AB:".repeat(31) + "AB"), "192.0.2.10", 40_000);
        return UplinkNegotiation.answer(offer, local);
    }

    private static SessionDescription wire(UplinkNegotiation.Result r) throws Exception {
        return SessionDescription.parse(r.answer().write());
    }

    /** The forwarded codec: the first format but RED, which the answer may put before Opus (RFC 2198). */
    private static Codec firstCodec(MediaDescription m) {
        return m.codecs().stream().filter(c -> !c.isNamed("red")).findFirst().orElseThrow();
    }

    private static void assertTransportCcAccepted(String fixture, int id) throws Exception {
        UplinkNegotiation.Result r = answer(BrowserOffers.read(fixture));
        assertThat(r.congestion().kind()).isEqualTo(UplinkCongestionFeedback.Kind.TRANSPORT_CC);
        assertThat(r.congestion().transportWideCcId()).isEqualTo(OptionalInt.of(id));
        SessionDescription a = wire(r);
        assertThat(a.media()).extracting(MediaDescription::kind).containsExactly(MediaKind.AUDIO, MediaKind.VIDEO);
        for (MediaDescription m : a.media()) {
            assertThat(m.extmapId(TWCC)).as("%s extmap in %s", fixture, m.kind()).isEqualTo(OptionalInt.of(id));
            assertThat(m.extmapId(ABS_SEND_TIME)).isEmpty();
            assertThat(firstCodec(m).feedback()).as("%s %s", fixture, m.kind())
                    .contains(RtcpFeedback.TRANSPORT_CC).doesNotContain(RtcpFeedback.GOOG_REMB);
        }
        // RTX carries no feedback of its own (RFC 4588 §8.6).
        MediaDescription video = a.media().get(1);
        video.codecs().stream().filter(Codec::isRtx).forEach(c -> assertThat(c.feedback()).isEmpty());
    }

    @Test
    void chromeGetsTransportCcOnAudioAndVideoWithItsExtensionId() throws Exception {
        assertTransportCcAccepted(BrowserOffers.CHROME, 3);
    }

    @Test
    void firefoxGetsTransportCcOnAudioAndVideoWithItsExtensionId() throws Exception {
        assertTransportCcAccepted(BrowserOffers.FIREFOX, 7);
    }

    @Test
    void safariGetsTransportCcOnAudioAndVideoWithItsExtensionId() throws Exception {
        assertTransportCcAccepted(BrowserOffers.SAFARI, 3);
    }

    @Test
    void withoutTransportCcTheAnswerFallsBackToRembWithAbsSendTime() throws Exception {
        String offer = BrowserOffers.withoutLines(BrowserOffers.read(BrowserOffers.CHROME),
                l -> l.contains("transport-cc") || l.contains(TWCC));
        UplinkNegotiation.Result r = answer(offer);
        assertThat(r.congestion().kind()).isEqualTo(UplinkCongestionFeedback.Kind.REMB);
        assertThat(r.congestion().transportWideCcId()).isEmpty();
        SessionDescription a = wire(r);
        MediaDescription audio = a.media().get(0);
        MediaDescription video = a.media().get(1);
        assertThat(firstCodec(video).feedback()).contains(RtcpFeedback.GOOG_REMB)
                .doesNotContain(RtcpFeedback.TRANSPORT_CC);
        assertThat(video.extmapId(ABS_SEND_TIME)).isEqualTo(OptionalInt.of(2));
        assertThat(audio.extmapId(ABS_SEND_TIME)).as("offered in audio too").isEqualTo(OptionalInt.of(2));
        assertThat(firstCodec(audio).feedback()).as("opus was not offered goog-remb").isEmpty();
        for (MediaDescription m : a.media()) {
            assertThat(m.extmapId(TWCC)).isEmpty();
        }
    }

    @Test
    void theExtensionWithoutTheFeedbackIsNotTransportCc() throws Exception {
        String offer = BrowserOffers.withoutLines(BrowserOffers.read(BrowserOffers.FIREFOX),
                l -> l.contains("transport-cc"));
        UplinkNegotiation.Result r = answer(offer);
        assertThat(r.congestion().kind()).isEqualTo(UplinkCongestionFeedback.Kind.REMB);
        for (MediaDescription m : wire(r).media()) {
            assertThat(m.extmapId(TWCC)).isEmpty();
        }
    }

    @Test
    void withNeitherNoCongestionFeedbackIsAccepted() throws Exception {
        String offer = BrowserOffers.withoutLines(BrowserOffers.read(BrowserOffers.SAFARI),
                l -> l.contains("transport-cc") || l.contains("goog-remb"));
        UplinkNegotiation.Result r = answer(offer);
        assertThat(r.congestion()).isEqualTo(UplinkCongestionFeedback.NONE);
        SessionDescription a = wire(r);
        for (MediaDescription m : a.media()) {
            assertThat(m.extmapId(TWCC)).isEmpty();
            assertThat(m.extmapId(ABS_SEND_TIME)).isEmpty();
            assertThat(firstCodec(m).feedback()).doesNotContain(RtcpFeedback.TRANSPORT_CC, RtcpFeedback.GOOG_REMB);
        }
        assertThat(firstCodec(a.media().get(1)).feedback())
                .containsExactly(RtcpFeedback.NACK, RtcpFeedback.NACK_PLI, RtcpFeedback.CCM_FIR);
    }
}
