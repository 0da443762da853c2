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

import dev.parley.media.codec.RedPayload;
import dev.parley.media.dtls.DtlsFingerprint;
import dev.parley.media.rtcp.RtcpPacket;
import dev.parley.media.rtp.AudioLevel;
import dev.parley.media.rtp.RtpPacket;
import dev.parley.media.rtp.RtpPacketBuilder;
import dev.parley.media.rtp.TransportWideSequenceNumber;
import dev.parley.media.sdp.Codec;
import dev.parley.media.sdp.MediaDescription;
import dev.parley.media.sdp.MediaKind;
import dev.parley.media.sdp.SessionDescription;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * RFC 2198 redundant audio through the SFU: asked of the publisher where its offer allows, offered to every
 * subscriber, forwarded whole (block payload types renamed) where the subscriber's answer kept it, cut to the
 * primary Opus block where it did not, and malformed RED never escaping the packet path.
 */
class RedAudioTest {
    private static final String FP = "sha-256 " + "AB:".repeat(31) + "AB";
    private static final long PUBLISHER_SSRC = 0x44444444L;
    // Firefox-like uplink payload types: neither is the downlink's (Opus 111, RED 63), so both get renamed.
    private static final int UPLINK_OPUS = 109;
    private static final int UPLINK_RED = 120;
    private static final int LEVEL_ID = 5;
    private static final byte[] PRIMARY = {0x78, 0x11, 0x12, 0x13, 0x14};
    private static final byte[] REDUNDANT = {0x78, 0x21, 0x22};

    private final ManualClock clock = new ManualClock(1_700_000_000_000L);

    private static TransportSdp sdp() throws Exception {
        return new TransportSdp("dUfr", "parleyIcePasswordOf24chr", DtlsFingerprint.parse(FP), "192.0.2.10", 40_000);
    }

    private static MediaDescription audioSection(SessionDescription sd) {
        return sd.media().stream().filter(m -> m.kind() == MediaKind.AUDIO).findFirst().orElseThrow();
    }

    private static UplinkNegotiation.TrackSpec audioSpec(UplinkNegotiation.Result r) {
        return r.tracks().stream().filter(t -> t.kind() == MediaKind.AUDIO).findFirst().orElseThrow();
    }

    // --- uplink negotiation -------------------------------------------------------------------------

    @Test
    void chromesOfferIsAnsweredWithRedFirstAndItsFmtpKept() throws Exception {
        UplinkNegotiation.Result r = UplinkNegotiation.answer(BrowserOffers.read(BrowserOffers.CHROME), sdp());
        MediaDescription audio = audioSection(SessionDescription.parse(r.answer().write()));

        assertThat(audio.formats()).containsExactly("63", "111");
        Codec red = audio.codecs().get(0);
        assertThat(red.isNamed("red")).isTrue();
        assertThat(red.clockRate()).isEqualTo(48_000);
        assertThat(red.channels()).hasValue(2);
        assertThat(red.parameters()).containsExactly(Map.entry("111/111", ""));
        assertThat(audio.codecs().get(1).isNamed("opus")).isTrue();
        assertThat(audio.codecs().get(1).parameter("useinbandfec")).contains("1");
        assertThat(audioSpec(r).redPayloadType()).hasValue(63);
        assertThat(audioSpec(r).payloadType()).isEqualTo(111);
    }

    @Test
    void redWhoseFmtpNamesAnotherPayloadTypeIsDeclined() throws Exception {
        String offer = BrowserOffers.read(BrowserOffers.CHROME).replace("a=fmtp:63 111/111", "a=fmtp:63 111/9");
        UplinkNegotiation.Result r = UplinkNegotiation.answer(offer, sdp());
        MediaDescription audio = audioSection(SessionDescription.parse(r.answer().write()));

        assertThat(audio.formats()).containsExactly("111");
        assertThat(audioSpec(r).redPayloadType()).isEmpty();
    }

    @Test
    void redWithoutFmtpOrWithEmptyRedundancyIsDeclined() throws Exception {
        String chrome = BrowserOffers.read(BrowserOffers.CHROME);
        String noFmtp = BrowserOffers.withoutLines(chrome, l -> l.equals("a=fmtp:63 111/111"));
        String trailing = chrome.replace("a=fmtp:63 111/111", "a=fmtp:63 111/");
        assertThat(audioSpec(UplinkNegotiation.answer(noFmtp, sdp())).redPayloadType()).isEmpty();
        assertThat(audioSpec(UplinkNegotiation.answer(trailing, sdp())).redPayloadType()).isEmpty();
    }

    @Test
    void redNamingTheOpusPayloadTypeThreeTimesIsAccepted() throws Exception {
        String offer = BrowserOffers.read(BrowserOffers.CHROME).replace("a=fmtp:63 111/111", "a=fmtp:63 111/111/111");
        assertThat(audioSpec(UplinkNegotiation.answer(offer, sdp())).redPayloadType()).hasValue(63);
    }

    @Test
    void anOfferWithoutAudioRedIsAnsweredWithOpusAlone() throws Exception {
        UplinkNegotiation.Result r = UplinkNegotiation.answer(BrowserOffers.read(BrowserOffers.FIREFOX), sdp());
        assertThat(audioSection(SessionDescription.parse(r.answer().write())).formats()).containsExactly("109");
        assertThat(audioSpec(r).redPayloadType()).isEmpty();
    }

    // --- downlink offer and answer ------------------------------------------------------------------

    @Test
    void everyDownlinkAudioSectionOffersOpusThenRedOfOpus() throws Exception {
        Codec opus = Codec.of(UPLINK_OPUS, "opus", 48000, OptionalInt.of(2));
        Subscription s = new Subscription(publishedTrack(OptionalInt.empty()), "s", "s-audio", null);
        MediaDescription active = DownlinkOffer.section(sdp(), "0", MediaKind.AUDIO, s, ForwardedCodec.OPUS, opus);
        MediaDescription inactive = DownlinkOffer.section(sdp(), "1", MediaKind.AUDIO, null, null, null);
        MediaDescription video = DownlinkOffer.section(sdp(), "2", MediaKind.VIDEO, null, null, null);
        SessionDescription offer = SessionDescription.parse(sdp().session(List.of("0", "1", "2"))
                .media(List.of(active, inactive, video)).build().write());

        for (MediaDescription audio : offer.media().subList(0, 2)) {
            assertThat(audio.formats()).containsExactly("111", "63");
            Codec red = audio.codecs().get(1);
            assertThat(red.isNamed("red")).isTrue();
            assertThat(red.clockRate()).isEqualTo(48_000);
            assertThat(red.channels()).hasValue(2);
            assertThat(red.parameters()).containsExactly(Map.entry("111/111", ""));
        }
        assertThat(offer.media().get(2).codecs()).noneMatch(c -> c.isNamed("red"));
        assertThat(offer.write()).contains("a=fmtp:63 111/111\r\n");
    }

    @Test
    void chromesAnswerKeepsRedAndAnAnswerWithoutItDoesNot() throws Exception {
        String chrome = BrowserOffers.read(BrowserOffers.CHROME_ANSWER);
        assertThat(DownlinkOffer.answerKeptRed(audioSection(SessionDescription.parse(chrome)), 63)).isTrue();
        String withoutRed = BrowserOffers.withoutLines(chrome, l -> l.startsWith("a=rtpmap:63 ")
                || l.startsWith("a=fmtp:63 ")).replace(" 111 63 ", " 111 ");
        assertThat(DownlinkOffer.answerKeptRed(audioSection(SessionDescription.parse(withoutRed)), 63)).isFalse();
        assertThat(DownlinkOffer.answerKeptRed(audioSection(SessionDescription.parse(chrome)), 64)).isFalse();
    }

    // --- forwarding -----------------------------------------------------------------------------------

    private UplinkTrack publishedTrack(OptionalInt red) {
        UplinkNegotiation.TrackSpec spec = new UplinkNegotiation.TrackSpec(MediaKind.AUDIO, "0", ForwardedCodec.OPUS,
                UPLINK_OPUS, OptionalInt.empty(), Codec.of(UPLINK_OPUS, "opus", 48000, OptionalInt.of(2)),
                OptionalLong.of(PUBLISHER_SSRC), OptionalLong.empty(), OptionalInt.of(LEVEL_ID));
        return new UplinkTrack(red.isPresent() ? spec.withRed(red.getAsInt()) : spec, "s-audio", clock,
                new RecordingPublisher());
    }

    /** A subscriber's downlink that keeps copies of what it is sent. */
    private static final class RecordingSink implements Subscription.Downstream {
        final List<byte[]> sent = new ArrayList<>();
        final List<Integer> transportWideAt = new ArrayList<>();
        private final byte[] scratch = new byte[RetransmissionBuffer.SLOT_BYTES + 64];
        private final int transportWideId;

        RecordingSink(int transportWideId) {
            this.transportWideId = transportWideId;
        }

        @Override
        public void sendRtp(byte[] buf, int off, int len) {
            sent.add(Arrays.copyOfRange(buf, off, off + len));
        }

        @Override
        public void sendRtp(byte[] buf, int off, int len, int transportWideSeqAt) {
            transportWideAt.add(transportWideSeqAt);
            sendRtp(buf, off, len);
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

        @Override
        public int transportWideId() {
            return transportWideId;
        }

        RtpPacket packet(int i) throws Exception {
            byte[] b = sent.get(i);
            return new RtpPacket().wrap(b, 0, b.length);
        }
    }

    private Subscription subscribe(UplinkTrack track, RecordingSink sink, boolean red) {
        Subscription s = new Subscription(track, "s", "s-audio-" + sink.hashCode(), sink);
        if (red) {
            s.enableRed();
        }
        s.activate();
        return s;
    }

    /** RFC 2198 payload: one redundant block 960 samples back, then the primary; block PTs as given. */
    private static byte[] redPayload(int redundantPt, int primaryPt) {
        byte[] payload = new byte[5 + REDUNDANT.length + PRIMARY.length];
        int h = RedPayload.writeHeader(payload, 0, new int[] {redundantPt}, new int[] {960},
                new int[] {REDUNDANT.length}, primaryPt);
        System.arraycopy(REDUNDANT, 0, payload, h, REDUNDANT.length);
        System.arraycopy(PRIMARY, 0, payload, h + REDUNDANT.length, PRIMARY.length);
        return payload;
    }

    private static RtpPacket packet(int pt, int seq, byte[] payload) throws Exception {
        byte[] wire = new RtpPacketBuilder().payloadType(pt).sequenceNumber(seq).timestamp(seq * 960L)
                .ssrc(PUBLISHER_SSRC).marker(seq == 100).extension(LEVEL_ID, AudioLevel.encode(true, 30))
                .payload(payload).build();
        return new RtpPacket().wrap(wire, 0, wire.length);
    }

    private static byte[] payload(RtpPacket p) {
        return Arrays.copyOfRange(p.buffer(), p.payloadOffset(), p.payloadOffset() + p.payloadLength());
    }

    @Test
    void aRedSubscriberGetsRedOnTheDownlinkTypeWithItsBlocksRenamedToOpus111() throws Exception {
        UplinkTrack track = publishedTrack(OptionalInt.of(UPLINK_RED));
        RecordingSink sink = new RecordingSink(-1);
        Subscription s = subscribe(track, sink, true);

        track.onRtp(packet(UPLINK_RED, 100, redPayload(UPLINK_OPUS, UPLINK_OPUS)), false);

        RtpPacket out = sink.packet(0);
        assertThat(out.payloadType()).isEqualTo(63);
        assertThat(out.marker()).isTrue();
        assertThat(out.ssrc()).isEqualTo(s.ssrc());
        assertThat(payload(out)).containsExactly(redPayload(111, 111));
        RedPayload red = RedPayload.parse(out.buffer(), out.payloadOffset(), out.payloadLength());
        assertThat(red.blockCount()).isEqualTo(2);
        assertThat(red.timestampOffset(0)).isEqualTo(960);
        assertThat(s.redEnabled()).isTrue();
    }

    @Test
    void aSubscriberWithoutRedGetsThePrimaryAsOpusWithTheSameTimestamp() throws Exception {
        UplinkTrack track = publishedTrack(OptionalInt.of(UPLINK_RED));
        RecordingSink sink = new RecordingSink(-1);
        Subscription s = subscribe(track, sink, false);

        track.onRtp(packet(UPLINK_OPUS, 100, PRIMARY), false); // plain Opus first: the timestamp reference
        track.onRtp(packet(UPLINK_RED, 101, redPayload(UPLINK_OPUS, UPLINK_OPUS)), false);

        assertThat(sink.sent).hasSize(2);
        RtpPacket plain = sink.packet(0);
        RtpPacket stripped = sink.packet(1);
        assertThat(stripped.payloadType()).isEqualTo(111);
        assertThat(stripped.marker()).isFalse();
        assertThat(payload(stripped)).containsExactly(PRIMARY);
        assertThat(sink.sent.get(1)).hasSize(RtpPacket.FIXED_HEADER_LENGTH + PRIMARY.length);
        assertThat(stripped.sequenceNumber()).isEqualTo((plain.sequenceNumber() + 1) & 0xFFFF);
        assertThat(stripped.timestamp()).as("RFC 2198 §3: the primary's timestamp is the header's")
                .isEqualTo((plain.timestamp() + 960) & 0xFFFFFFFFL);
        assertThat(stripped.ssrc()).isEqualTo(s.ssrc());
        assertThat(s.redEnabled()).isFalse();
    }

    @Test
    void plainOpusFromAPublisherNotSendingRedGoesAsOpusToEveryone() throws Exception {
        UplinkTrack track = publishedTrack(OptionalInt.of(UPLINK_RED));
        RecordingSink red = new RecordingSink(-1);
        RecordingSink plain = new RecordingSink(-1);
        subscribe(track, red, true);
        subscribe(track, plain, false);

        track.onRtp(packet(UPLINK_OPUS, 100, PRIMARY), false);

        for (RecordingSink sink : List.of(red, plain)) {
            assertThat(sink.packet(0).payloadType()).isEqualTo(111);
            assertThat(payload(sink.packet(0))).containsExactly(PRIMARY);
        }
    }

    @Test
    void aTrackWithoutNegotiatedRedDropsPacketsOnAnUnknownPayloadType() throws Exception {
        UplinkTrack track = publishedTrack(OptionalInt.empty());
        RecordingSink sink = new RecordingSink(-1);
        subscribe(track, sink, true);

        track.onRtp(packet(UPLINK_OPUS, 100, PRIMARY), false);

        assertThat(sink.packet(0).payloadType()).isEqualTo(111);
        assertThat(payload(sink.packet(0))).containsExactly(PRIMARY);
    }

    @Test
    void malformedRedIsDroppedWithoutAnExceptionAndTheStreamGoesOn() throws Exception {
        UplinkTrack track = publishedTrack(OptionalInt.of(UPLINK_RED));
        RecordingSink red = new RecordingSink(-1);
        RecordingSink plain = new RecordingSink(-1);
        subscribe(track, red, true);
        subscribe(track, plain, false);
        byte[] overrun = {(byte) (0x80 | UPLINK_OPUS), 0x0F, 0x00, 0x7F, UPLINK_OPUS, 0x78}; // 127-byte block, 1 follows
        byte[] cutHeader = {(byte) (0x80 | UPLINK_OPUS), 0x0F};
        byte[] tooManyBlocks = new byte[17 * 4 + 1];
        for (int i = 0; i < 17; i++) {
            tooManyBlocks[4 * i] = (byte) (0x80 | UPLINK_OPUS);
        }
        tooManyBlocks[68] = UPLINK_OPUS;

        track.onRtp(packet(UPLINK_RED, 100, overrun), false);
        track.onRtp(packet(UPLINK_RED, 101, cutHeader), false);
        track.onRtp(packet(UPLINK_RED, 102, new byte[0]), false);
        track.onRtp(packet(UPLINK_RED, 103, tooManyBlocks), false);
        track.onRtp(packet(UPLINK_RED, 104, redPayload(UPLINK_OPUS, UPLINK_OPUS)), false);

        assertThat(red.sent).hasSize(1);
        assertThat(plain.sent).hasSize(1);
        assertThat(payload(red.packet(0))).containsExactly(redPayload(111, 111));
        assertThat(payload(plain.packet(0))).containsExactly(PRIMARY);
        assertThat(track.storedLength(100)).as("nothing stored for a dropped packet").isEqualTo(-1);
        assertThat(track.redDropped()).isEqualTo(4);
        assertThat(track.redPackets()).isEqualTo(1);
    }

    @Test
    void redWithAnotherCodecInsideGoesAsItsOpusPrimaryToEveryone() throws Exception {
        UplinkTrack track = publishedTrack(OptionalInt.of(UPLINK_RED));
        RecordingSink red = new RecordingSink(-1);
        RecordingSink plain = new RecordingSink(-1);
        subscribe(track, red, true);
        subscribe(track, plain, false);

        track.onRtp(packet(UPLINK_RED, 100, redPayload(13, UPLINK_OPUS)), false); // comfort noise redundant
        track.onRtp(packet(UPLINK_RED, 101, redPayload(UPLINK_OPUS, 13)), false); // comfort noise primary

        for (RecordingSink sink : List.of(red, plain)) {
            assertThat(sink.sent).as("the CN-primary packet is dropped").hasSize(1);
            assertThat(sink.packet(0).payloadType()).isEqualTo(111);
            assertThat(payload(sink.packet(0))).containsExactly(PRIMARY);
        }
    }

    @Test
    void anEmptyPrimaryReachesRedSubscribersOnly() throws Exception {
        UplinkTrack track = publishedTrack(OptionalInt.of(UPLINK_RED));
        RecordingSink red = new RecordingSink(-1);
        RecordingSink plain = new RecordingSink(-1);
        subscribe(track, red, true);
        subscribe(track, plain, false);
        byte[] payload = new byte[5 + REDUNDANT.length];
        int h = RedPayload.writeHeader(payload, 0, new int[] {UPLINK_OPUS}, new int[] {960},
                new int[] {REDUNDANT.length}, UPLINK_OPUS);
        System.arraycopy(REDUNDANT, 0, payload, h, REDUNDANT.length);

        track.onRtp(packet(UPLINK_RED, 100, payload), false);

        assertThat(red.sent).hasSize(1);
        assertThat(plain.sent).as("an empty Opus packet is not valid Opus (RFC 6716 §3.4 R1)").isEmpty();
    }

    @Test
    void audioLevelAndTransportWideSequenceTravelWithRedAndWithTheStrippedPrimary() throws Exception {
        UplinkTrack track = publishedTrack(OptionalInt.of(UPLINK_RED));
        RecordingSink red = new RecordingSink(DownlinkOffer.TRANSPORT_WIDE_ID);
        RecordingSink plain = new RecordingSink(DownlinkOffer.TRANSPORT_WIDE_ID);
        subscribe(track, red, true).enableAudioLevel(DownlinkOffer.AUDIO_LEVEL_ID);
        subscribe(track, plain, false).enableAudioLevel(DownlinkOffer.AUDIO_LEVEL_ID);

        track.onRtp(packet(UPLINK_RED, 100, redPayload(UPLINK_OPUS, UPLINK_OPUS)), false);

        RtpPacket r = red.packet(0);
        RtpPacket p = plain.packet(0);
        assertThat(AudioLevel.level(AudioLevel.read(r, DownlinkOffer.AUDIO_LEVEL_ID))).isEqualTo(30);
        assertThat(AudioLevel.level(AudioLevel.read(p, DownlinkOffer.AUDIO_LEVEL_ID))).isEqualTo(30);
        assertThat(TransportWideSequenceNumber.read(r, DownlinkOffer.TRANSPORT_WIDE_ID)).isZero();
        assertThat(TransportWideSequenceNumber.read(p, DownlinkOffer.TRANSPORT_WIDE_ID)).isZero();
        assertThat(red.transportWideAt).singleElement().isNotEqualTo(-1);
        assertThat(plain.transportWideAt).singleElement().isNotEqualTo(-1);
        assertThat(payload(r)).containsExactly(redPayload(111, 111));
        assertThat(payload(p)).containsExactly(PRIMARY);
    }

    @Test
    void aResentRedPacketIsCutToItsPrimaryForASubscriberWithoutRed() throws Exception {
        UplinkTrack track = publishedTrack(OptionalInt.of(UPLINK_RED));
        RecordingSink plain = new RecordingSink(-1);
        Subscription s = subscribe(track, plain, false);
        track.onRtp(packet(UPLINK_RED, 100, redPayload(UPLINK_OPUS, UPLINK_OPUS)), false);

        s.onNack(new int[] {plain.packet(0).sequenceNumber()});

        assertThat(plain.sent).hasSize(2);
        assertThat(plain.sent.get(1)).containsExactly(plain.sent.get(0));
        assertThat(payload(plain.packet(1))).containsExactly(PRIMARY);
    }

    @Test
    void disablingRedAfterARenegotiationCutsToThePrimaryFromThenOn() throws Exception {
        UplinkTrack track = publishedTrack(OptionalInt.of(UPLINK_RED));
        RecordingSink sink = new RecordingSink(-1);
        Subscription s = subscribe(track, sink, true);
        track.onRtp(packet(UPLINK_RED, 100, redPayload(UPLINK_OPUS, UPLINK_OPUS)), false);
        s.disableRed();
        track.onRtp(packet(UPLINK_RED, 101, redPayload(UPLINK_OPUS, UPLINK_OPUS)), false);

        assertThat(sink.packet(0).payloadType()).isEqualTo(63);
        assertThat(sink.packet(1).payloadType()).isEqualTo(111);
    }

    @Test
    void videoSubscriptionsCannotEnableRed() {
        UplinkTrack video = new UplinkTrack(new UplinkNegotiation.TrackSpec(MediaKind.VIDEO, "1",
                ForwardedCodec.VP8, 96, OptionalInt.empty(), Codec.of(96, "VP8", 90000, OptionalInt.empty()),
                OptionalLong.of(1), OptionalLong.empty()), "s-video", clock, null);
        Subscription s = new Subscription(video, "s", "s-video-0", new RecordingSink(-1));
        s.enableRed();
        assertThat(s.redEnabled()).isFalse();
    }
}
