package dev.parley.sfu.downlink;

import dev.parley.sfu.TransportSdp;
import dev.parley.sfu.ForwardedCodec;
import dev.parley.sfu.BrowserOffers;
import dev.parley.sfu.ManualClock;
import dev.parley.sfu.uplink.UplinkNegotiation;
import dev.parley.sfu.uplink.UplinkTrack;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.media.dtls.DtlsFingerprint;
import dev.parley.media.sdp.Codec;
import dev.parley.media.sdp.MediaDescription;
import dev.parley.media.sdp.MediaKind;
import dev.parley.media.sdp.SessionDescription;
import dev.parley.media.sdp.SsrcGroup;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The loss-recovery parts of a downlink offer: RTX with its SSRC pairing, Opus in-band FEC. */
class DownlinkOfferTest {
    private static final String FP = "sha-256 " + "AB:".repeat(31) + "AB";

    private static TransportSdp sdp() throws Exception {
        return new TransportSdp("dUfr", "parleyIcePasswordOf24chr", DtlsFingerprint.parse(FP), "192.0.2.10", 40_000);
    }

    private static Subscription subscription(MediaKind kind, ForwardedCodec codec, Codec offered) {
        UplinkTrack track = new UplinkTrack(new UplinkNegotiation.TrackSpec(kind, "0", codec,
                offered.payloadType(), OptionalInt.empty(), offered, OptionalLong.of(1), OptionalLong.empty()),
                "s-" + kind, new ManualClock(0), null);
        return new Subscription(track, "s", "s-track", null);
    }

    /** The section as the browser reads it: written, then parsed. */
    private static MediaDescription wire(MediaDescription m) throws Exception {
        TransportSdp t = sdp();
        String text = t.session(List.of(m.mid().orElseThrow())).media(List.of(m)).build().write();
        return SessionDescription.parse(text).media().get(0);
    }

    @Test
    void videoOffersRtxWithItsOwnSsrcPairedByFid() throws Exception {
        Codec vp8 = Codec.of(120, "VP8", 90000, OptionalInt.empty());
        Subscription s = subscription(MediaKind.VIDEO, ForwardedCodec.VP8, vp8);
        MediaDescription m = wire(DownlinkOffer.section(sdp(), "1", MediaKind.VIDEO, s, ForwardedCodec.VP8, vp8));

        assertThat(m.rtxPayloadType(96)).hasValue(97);
        assertThat(m.ssrcGroups()).containsExactly(SsrcGroup.fid(s.ssrc(), s.rtxSsrc()));
        assertThat(m.ssrcIds()).contains(s.ssrc(), s.rtxSsrc());
    }

    @Test
    void anInactiveVideoSectionKeepsTheSameFormatsWithoutSsrcs() throws Exception {
        MediaDescription m = wire(DownlinkOffer.section(sdp(), "1", MediaKind.VIDEO, null, ForwardedCodec.H264, null));
        assertThat(m.rtxPayloadType(102)).hasValue(103);
        assertThat(m.ssrcGroups()).isEmpty();
    }

    @Test
    void opusAsksForInBandFecEvenWhenThePublisherDidNot() throws Exception {
        Codec opus = new Codec(111, "opus", 48000, OptionalInt.of(2), Map.of("minptime", "10"), List.of());
        Subscription s = subscription(MediaKind.AUDIO, ForwardedCodec.OPUS, opus);
        MediaDescription m = wire(DownlinkOffer.section(sdp(), "0", MediaKind.AUDIO, s, ForwardedCodec.OPUS, opus));

        Codec offered = m.codecs().get(0);
        assertThat(offered.parameter("useinbandfec")).contains("1");
        assertThat(m.codecs()).noneMatch(Codec::isRtx);
        assertThat(m.ssrcGroups()).isEmpty();
    }

    @Test
    void theUplinkAnswerAsksTheBrowserForOpusInBandFec() throws Exception {
        String chrome = BrowserOffers.read(BrowserOffers.CHROME).replace(";useinbandfec=1", "");
        assertThat(chrome).doesNotContain("useinbandfec");
        SessionDescription answer = SessionDescription.parse(UplinkNegotiation.answer(chrome, sdp()).answer().write());
        MediaDescription audio = answer.media().stream().filter(m -> m.kind() == MediaKind.AUDIO).findFirst()
                .orElseThrow();
        assertThat(audio.codecs().get(1).isNamed("opus")).as("after RED (RFC 2198)").isTrue();
        assertThat(audio.codecs().get(1).parameter("useinbandfec")).contains("1");
    }
}
