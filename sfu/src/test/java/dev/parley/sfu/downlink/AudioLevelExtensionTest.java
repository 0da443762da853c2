package dev.parley.sfu.downlink;

import dev.parley.sfu.TransportSdp;
import dev.parley.sfu.ForwardedCodec;
import dev.parley.sfu.BrowserOffers;
import dev.parley.sfu.ManualClock;
import dev.parley.sfu.uplink.UplinkNegotiation;
import dev.parley.sfu.uplink.UplinkTrack;
import dev.parley.sfu.uplink.RetransmissionBuffer;
import dev.parley.sfu.uplink.RecordingPublisher;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.media.dtls.DtlsFingerprint;
import dev.parley.media.rtcp.RtcpPacket;
import dev.parley.media.rtp.AudioLevel;
import dev.parley.media.rtp.TransportWideSequenceNumber;
import dev.parley.media.sdp.Extmap;
import dev.parley.media.rtp.RtpPacket;
import dev.parley.media.rtp.RtpPacketBuilder;
import dev.parley.media.sdp.Codec;
import dev.parley.media.sdp.MediaDescription;
import dev.parley.media.sdp.MediaKind;
import dev.parley.media.sdp.SessionDescription;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The RFC 6464 client-to-mixer audio level end to end through the SFU: accepted from the publisher's offer,
 * kept beside each stored packet, offered to subscribers and written as an RFC 8285 §4.2 one-byte-header
 * extension where their answer kept it.
 */
class AudioLevelExtensionTest {
    private static final String FP = "sha-256 " + "AB:".repeat(31) + "AB";
    private static final String MID = "urn:ietf:params:rtp-hdrext:sdes:mid";
    private static final int UPLINK_ID = 5; // deliberately not the downlink id: the SFU remaps it
    private static final long PUBLISHER_SSRC = 0x33333333L;
    private static final byte[] OPUS_PAYLOAD = {0x78, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06};

    private final ManualClock clock = new ManualClock(1_700_000_000_000L);

    private static TransportSdp sdp() throws Exception {
        return new TransportSdp("dUfr", "parleyIcePasswordOf24chr", DtlsFingerprint.parse(FP), "192.0.2.10", 40_000);
    }

    private static MediaDescription section(SessionDescription sd, MediaKind kind) {
        return sd.media().stream().filter(m -> m.kind() == kind).findFirst().orElseThrow();
    }

    // --- uplink negotiation -------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {BrowserOffers.CHROME, BrowserOffers.FIREFOX, BrowserOffers.SAFARI})
    void theUplinkAnswerAcceptsTheOfferedAudioLevelIdAndKeepsMid(String fixture) throws Exception {
        String offer = BrowserOffers.read(fixture);
        int offeredId = section(SessionDescription.parse(offer), MediaKind.AUDIO).extmapId(AudioLevel.URI)
                .orElseThrow();
        UplinkNegotiation.Result r = UplinkNegotiation.answer(offer, sdp());
        SessionDescription answer = SessionDescription.parse(r.answer().write());

        MediaDescription audio = section(answer, MediaKind.AUDIO);
        assertThat(audio.extmapId(AudioLevel.URI)).hasValue(offeredId);
        assertThat(audio.extmapId(MID)).isEqualTo(section(SessionDescription.parse(offer), MediaKind.AUDIO)
                .extmapId(MID));
        assertThat(section(answer, MediaKind.VIDEO).extmapId(AudioLevel.URI)).isEmpty();
        UplinkNegotiation.TrackSpec audioTrack = r.tracks().stream().filter(t -> t.kind() == MediaKind.AUDIO)
                .findFirst().orElseThrow();
        assertThat(audioTrack.audioLevelId()).hasValue(offeredId);
        assertThat(r.tracks().stream().filter(t -> t.kind() == MediaKind.VIDEO).findFirst().orElseThrow()
                .audioLevelId()).isEmpty();
    }

    @Test
    void anOfferWithoutAudioLevelGetsNoneInTheAnswer() throws Exception {
        String offer = BrowserOffers.withoutLines(BrowserOffers.read(BrowserOffers.CHROME),
                l -> l.contains(AudioLevel.URI));
        UplinkNegotiation.Result r = UplinkNegotiation.answer(offer, sdp());
        assertThat(section(SessionDescription.parse(r.answer().write()), MediaKind.AUDIO).extmapId(AudioLevel.URI))
                .isEmpty();
        assertThat(r.tracks().get(0).audioLevelId()).isEmpty();
    }

    // --- downlink offer and answer ------------------------------------------------------------------

    @Test
    void everyDownlinkAudioSectionOffersTheSameIdAndVideoNone() throws Exception {
        Codec opus = Codec.of(111, "opus", 48000, OptionalInt.of(2));
        Subscription s = new Subscription(audioTrack(OptionalInt.of(UPLINK_ID)), "s", "s-audio", null);
        MediaDescription active = DownlinkOffer.section(sdp(), "0", MediaKind.AUDIO, s, ForwardedCodec.OPUS, opus);
        MediaDescription inactive = DownlinkOffer.section(sdp(), "2", MediaKind.AUDIO, null, null, null);
        MediaDescription video = DownlinkOffer.section(sdp(), "1", MediaKind.VIDEO, null, null, null);
        SessionDescription offer = SessionDescription.parse(sdp().session(List.of("0", "1", "2"))
                .media(List.of(active, video, inactive)).build().write());

        assertThat(offer.media().get(0).extmapId(AudioLevel.URI)).hasValue(DownlinkOffer.AUDIO_LEVEL_ID);
        assertThat(offer.media().get(2).extmapId(AudioLevel.URI)).hasValue(DownlinkOffer.AUDIO_LEVEL_ID);
        assertThat(offer.media().get(1).extmaps()).extracting(Extmap::uri)
                .containsExactly(TransportWideSequenceNumber.URI); // no audio level on video
        assertThat(offer.media().get(1).extmapId(TransportWideSequenceNumber.URI))
                .hasValue(DownlinkOffer.TRANSPORT_WIDE_ID);
    }

    @ParameterizedTest
    @ValueSource(strings = {BrowserOffers.CHROME_ANSWER, "firefox-answer.sdp"})
    void aBrowserAnswerThatKeptTheExtmapEnablesIt(String fixture) throws Exception {
        SessionDescription answer = SessionDescription.parse(BrowserOffers.read(fixture));
        assertThat(DownlinkOffer.answerKeptAudioLevel(section(answer, MediaKind.AUDIO))).isTrue();
        assertThat(DownlinkOffer.answerKeptAudioLevel(section(answer, MediaKind.VIDEO))).isFalse();
    }

    @Test
    void anAnswerWithoutTheExtmapOrWithAnotherIdDoesNotEnableIt() throws Exception {
        String chrome = BrowserOffers.read(BrowserOffers.CHROME_ANSWER);
        SessionDescription dropped = SessionDescription.parse(
                BrowserOffers.withoutLines(chrome, l -> l.contains(AudioLevel.URI)));
        SessionDescription moved = SessionDescription.parse(
                chrome.replace("a=extmap:1 " + AudioLevel.URI, "a=extmap:9 " + AudioLevel.URI));
        assertThat(DownlinkOffer.answerKeptAudioLevel(section(dropped, MediaKind.AUDIO))).isFalse();
        assertThat(DownlinkOffer.answerKeptAudioLevel(section(moved, MediaKind.AUDIO))).isFalse();
    }

    // --- forwarding -----------------------------------------------------------------------------------

    private UplinkTrack audioTrack(OptionalInt audioLevelId) {
        return new UplinkTrack(new UplinkNegotiation.TrackSpec(MediaKind.AUDIO, "0", ForwardedCodec.OPUS, 111,
                OptionalInt.empty(), Codec.of(111, "opus", 48000, OptionalInt.of(2)), OptionalLong.of(PUBLISHER_SSRC),
                OptionalLong.empty(), audioLevelId), "s-audio", clock, new RecordingPublisher());
    }

    /** A subscriber's downlink that keeps copies of what it is sent. */
    private static final class RecordingSink implements Subscription.Downstream {
        final List<byte[]> sent = new ArrayList<>();
        private final byte[] scratch = new byte[RetransmissionBuffer.SLOT_BYTES + 64];

        @Override
        public void sendRtp(byte[] buf, int off, int len) {
            sent.add(Arrays.copyOfRange(buf, off, off + len));
        }

        @Override
        public void sendRtcp(byte[] buf, int off, int len) {
        }

        @Override
        public byte[] scratch() {
            return scratch;
        }

        @Override
        public boolean connected() {
            return true;
        }

        RtpPacket packet(int i) throws Exception {
            byte[] b = sent.get(i);
            return new RtpPacket().wrap(b, 0, b.length);
        }
    }

    private static RtpPacket opus(int seq, byte[] levelValue) throws Exception {
        RtpPacketBuilder b = new RtpPacketBuilder().payloadType(111).sequenceNumber(seq).timestamp(seq * 960L)
                .ssrc(PUBLISHER_SSRC).payload(OPUS_PAYLOAD);
        if (levelValue != null) {
            b.extension(UPLINK_ID, levelValue);
        }
        byte[] wire = b.build();
        return new RtpPacket().wrap(wire, 0, wire.length);
    }

    private static byte[] payload(RtpPacket p) {
        return Arrays.copyOfRange(p.buffer(), p.payloadOffset(), p.payloadOffset() + p.payloadLength());
    }

    @Test
    void aNegotiatedSubscriptionGetsThePublishersLevelInAOneByteHeaderBlock() throws Exception {
        UplinkTrack track = audioTrack(OptionalInt.of(UPLINK_ID));
        RecordingSink sink = new RecordingSink();
        Subscription s = new Subscription(track, "s", "s-audio-0", sink);
        s.enableAudioLevel(DownlinkOffer.AUDIO_LEVEL_ID);
        s.activate();

        track.onRtp(opus(100, AudioLevel.encode(true, 42)), false);
        track.onRtp(opus(101, AudioLevel.encode(false, AudioLevel.SILENCE)), false);

        assertThat(sink.sent).hasSize(2);
        byte[] wire = sink.sent.get(0);
        assertThat(wire).hasSize(RtpPacket.FIXED_HEADER_LENGTH + 8 + OPUS_PAYLOAD.length);
        // RFC 8285 §4.2: 0xBEDE, one 32-bit word, element (id=1, L=0), the level, two zero padding bytes.
        assertThat(Arrays.copyOfRange(wire, 12, 20))
                .containsExactly(0xBE, 0xDE, 0x00, 0x01, 0x10, 0x80 | 42, 0x00, 0x00);
        RtpPacket first = sink.packet(0);
        assertThat(first.hasExtension()).isTrue();
        assertThat(first.hasOneByteExtensions()).isTrue();
        int raw = AudioLevel.read(first, DownlinkOffer.AUDIO_LEVEL_ID);
        assertThat(AudioLevel.level(raw)).isEqualTo(42);
        assertThat(AudioLevel.voiceActivity(raw)).isTrue();
        assertThat(AudioLevel.read(first, UPLINK_ID)).isEqualTo(-1);
        assertThat(payload(first)).containsExactly(OPUS_PAYLOAD);
        assertThat(first.ssrc()).isEqualTo(s.ssrc());
        assertThat(first.payloadType()).isEqualTo(ForwardedCodec.OPUS.downlinkPayloadType());

        RtpPacket second = sink.packet(1);
        assertThat(second.sequenceNumber()).isEqualTo((first.sequenceNumber() + 1) & 0xFFFF);
        assertThat(second.timestamp()).isEqualTo((first.timestamp() + 960) & 0xFFFFFFFFL);
        int raw2 = AudioLevel.read(second, DownlinkOffer.AUDIO_LEVEL_ID);
        assertThat(AudioLevel.level(raw2)).isEqualTo(AudioLevel.SILENCE);
        assertThat(AudioLevel.voiceActivity(raw2)).isFalse();
    }

    @Test
    void withoutTheDownlinkExtensionThePacketStaysNormalised() throws Exception {
        UplinkTrack track = audioTrack(OptionalInt.of(UPLINK_ID));
        RecordingSink sink = new RecordingSink();
        new Subscription(track, "s", "s-audio-0", sink).activate();

        track.onRtp(opus(100, AudioLevel.encode(true, 42)), false);

        RtpPacket p = sink.packet(0);
        assertThat(sink.sent.get(0)).hasSize(RtpPacket.FIXED_HEADER_LENGTH + OPUS_PAYLOAD.length);
        assertThat(p.hasExtension()).isFalse();
        assertThat(payload(p)).containsExactly(OPUS_PAYLOAD);
    }

    @Test
    void aPacketWithoutALevelOrAnUplinkWithoutTheExtensionAddsNoBlock() throws Exception {
        UplinkTrack withId = audioTrack(OptionalInt.of(UPLINK_ID));
        UplinkTrack withoutId = audioTrack(OptionalInt.empty());
        RecordingSink a = new RecordingSink();
        RecordingSink b = new RecordingSink();
        Subscription sa = new Subscription(withId, "s", "s-audio-0", a);
        Subscription sb = new Subscription(withoutId, "t", "t-audio-0", b);
        sa.enableAudioLevel(DownlinkOffer.AUDIO_LEVEL_ID);
        sb.enableAudioLevel(DownlinkOffer.AUDIO_LEVEL_ID);
        sa.activate();
        sb.activate();

        withId.onRtp(opus(100, null), false);
        withoutId.onRtp(opus(100, AudioLevel.encode(true, 42)), false); // carries a level nobody negotiated

        assertThat(a.packet(0).hasExtension()).isFalse();
        assertThat(b.packet(0).hasExtension()).isFalse();
        assertThat(payload(a.packet(0))).containsExactly(OPUS_PAYLOAD);
        assertThat(payload(b.packet(0))).containsExactly(OPUS_PAYLOAD);
    }

    @Test
    void disablingAfterARenegotiationStopsTheBlock() throws Exception {
        UplinkTrack track = audioTrack(OptionalInt.of(UPLINK_ID));
        RecordingSink sink = new RecordingSink();
        Subscription s = new Subscription(track, "s", "s-audio-0", sink);
        s.enableAudioLevel(DownlinkOffer.AUDIO_LEVEL_ID);
        s.activate();
        track.onRtp(opus(100, AudioLevel.encode(true, 10)), false);
        s.disableAudioLevel();
        track.onRtp(opus(101, AudioLevel.encode(true, 10)), false);

        assertThat(sink.packet(0).hasExtension()).isTrue();
        assertThat(sink.packet(1).hasExtension()).isFalse();
    }

    @Test
    void aRetransmissionOnTheMediaSsrcKeepsTheStoredLevel() throws Exception {
        UplinkTrack track = audioTrack(OptionalInt.of(UPLINK_ID));
        RecordingSink sink = new RecordingSink();
        Subscription s = new Subscription(track, "s", "s-audio-0", sink);
        s.enableAudioLevel(DownlinkOffer.AUDIO_LEVEL_ID);
        s.activate();
        track.onRtp(opus(100, AudioLevel.encode(false, 60)), false);
        int outSeq = sink.packet(0).sequenceNumber();

        s.onNack(new int[] {outSeq});

        assertThat(sink.sent).hasSize(2);
        assertThat(sink.sent.get(1)).containsExactly(sink.sent.get(0));
        assertThat(AudioLevel.level(AudioLevel.read(sink.packet(1), DownlinkOffer.AUDIO_LEVEL_ID))).isEqualTo(60);
    }

    @Test
    void onlyOneByteHeaderIdsCanBeEnabled() {
        Subscription s = new Subscription(audioTrack(OptionalInt.empty()), "s", "s-audio-0",
                new RecordingSink());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.enableAudioLevel(15))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.enableAudioLevel(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(s.audioLevelEnabled()).isFalse();
    }
}
