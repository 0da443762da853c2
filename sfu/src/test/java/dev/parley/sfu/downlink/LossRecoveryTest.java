package dev.parley.sfu.downlink;

import dev.parley.sfu.ForwardedCodec;
import dev.parley.sfu.ManualClock;
import dev.parley.sfu.uplink.UplinkNegotiation;
import dev.parley.sfu.uplink.UplinkTrack;
import dev.parley.sfu.uplink.RecordingPublisher;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.media.rtcp.PictureLossIndication;
import dev.parley.media.rtcp.RtcpPacket;
import dev.parley.media.rtcp.TransportLayerNack;
import dev.parley.media.rtp.RtpPacket;
import dev.parley.media.rtp.RtpPacketBuilder;
import dev.parley.media.sdp.Codec;
import dev.parley.media.sdp.MediaKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * Loss recovery through a published VP8 track and its subscriptions, with a manual clock: NACKs toward
 * the publisher for holes, its RTX filling them for subscribers, subscribers' NACKs answered with RTX or
 * on the media SSRC, and keyframe requests of several subscribers merged.
 */
class LossRecoveryTest {
    private static final long PUBLISHER_SSRC = 0x11111111L;
    private static final long PUBLISHER_RTX_SSRC = 0x22222222L;

    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final RecordingPublisher publisher = new RecordingPublisher();
    private final List<RtcpPacket> toPublisher = publisher.received;
    private final UplinkTrack track = new UplinkTrack(new UplinkNegotiation.TrackSpec(MediaKind.VIDEO, "1",
            ForwardedCodec.VP8, 120, OptionalInt.of(121), Codec.of(120, "VP8", 90000, OptionalInt.empty()),
            OptionalLong.of(PUBLISHER_SSRC), OptionalLong.of(PUBLISHER_RTX_SSRC)), "s-video", clock,
            publisher);

    private static RtpPacket media(int seq, boolean keyframe) throws Exception {
        // VP8 payload descriptor with S=1 (RFC 7741 §4.2), then a payload header whose P bit is 0 on keyframes.
        byte[] payload = {0x10, (byte) (keyframe ? 0x00 : 0x01), (byte) seq, 0x55};
        byte[] b = new RtpPacketBuilder().payloadType(120).sequenceNumber(seq).timestamp(seq * 3000L)
                .ssrc(PUBLISHER_SSRC).payload(payload).build();
        return new RtpPacket().wrap(b, 0, b.length);
    }

    private static RtpPacket rtx(int rtxSeq, int osn) throws Exception {
        byte[] payload = {(byte) (osn >>> 8), (byte) osn, 0x10, 0x01, (byte) osn, 0x55};
        byte[] b = new RtpPacketBuilder().payloadType(121).sequenceNumber(rtxSeq).timestamp(osn * 3000L)
                .ssrc(PUBLISHER_RTX_SSRC).payload(payload).build();
        return new RtpPacket().wrap(b, 0, b.length);
    }

    private Subscription subscribe(RecordingDownlink sink) {
        Subscription s = new Subscription(track, "s", "s-video-0", sink);
        s.activate();
        return s;
    }

    private List<TransportLayerNack> nacksToPublisher() {
        return toPublisher.stream().filter(TransportLayerNack.class::isInstance).map(TransportLayerNack.class::cast)
                .toList();
    }

    @Test
    void aHoleIsNackedToThePublisherAndItsRetransmissionReachesSubscribers() throws Exception {
        RecordingDownlink sink = new RecordingDownlink();
        subscribe(sink);
        track.onRtp(media(100, true), false);
        track.onRtp(media(101, false), false);
        track.onRtp(media(103, false), false);
        assertThat(sink.sent).hasSize(3);

        track.sendDueNacks();
        assertThat(nacksToPublisher()).isEmpty(); // not before the reordering delay
        clock.advanceMillis(20);
        track.sendDueNacks();
        assertThat(nacksToPublisher()).hasSize(1);
        TransportLayerNack nack = nacksToPublisher().get(0);
        assertThat(nack.mediaSsrc()).isEqualTo(PUBLISHER_SSRC);
        assertThat(nack.senderSsrc()).isEqualTo(7);
        assertThat(nack.lostSequenceNumbers()).containsExactly(102);

        track.onRtp(rtx(5000, 102), true);
        assertThat(sink.sent).hasSize(4);
        RtpPacket filled = sink.sent.get(3);
        int first = sink.sent.get(0).sequenceNumber();
        assertThat(filled.sequenceNumber()).isEqualTo((first + 2) & 0xFFFF); // the subscriber's own numbering
        assertThat(sink.payload(3)).containsExactly(0x10, 0x01, 102, 0x55); // OSN stripped
        assertThat(filled.payloadType()).isEqualTo(ForwardedCodec.VP8.downlinkPayloadType());

        clock.advanceMillis(200);
        track.sendDueNacks();
        assertThat(nacksToPublisher()).hasSize(1); // filled: no more retries
        assertThat(track.nacks().recovered()).isEqualTo(1);
    }

    @Test
    void aDuplicateRetransmissionIsNotForwardedTwice() throws Exception {
        RecordingDownlink sink = new RecordingDownlink();
        subscribe(sink);
        track.onRtp(media(100, true), false);
        track.onRtp(media(101, false), false);
        track.onRtp(rtx(1, 101), true);
        assertThat(sink.sent).hasSize(2);
    }

    @Test
    void aSubscribersNackIsAnsweredWithRtxWhenNegotiated() throws Exception {
        RecordingDownlink sink = new RecordingDownlink();
        Subscription s = subscribe(sink);
        s.enableRtx(97);
        track.onRtp(media(100, true), false);
        track.onRtp(media(101, false), false);
        int lostOut = sink.sent.get(1).sequenceNumber();
        long lostTs = sink.sent.get(1).timestamp();

        s.onNack(new int[] {lostOut});
        s.onNack(new int[] {lostOut});

        assertThat(sink.sent).hasSize(4);
        RtpPacket rtx = sink.sent.get(2);
        assertThat(rtx.payloadType()).isEqualTo(97);
        assertThat(rtx.ssrc()).isEqualTo(s.rtxSsrc()).isNotEqualTo(s.ssrc());
        assertThat(rtx.timestamp()).isEqualTo(lostTs);
        assertThat(sink.payload(2)).containsExactly((lostOut >>> 8) & 0xFF, lostOut & 0xFF, 0x10, 0x01, 101, 0x55);
        assertThat(sink.sent.get(3).sequenceNumber()).isEqualTo((rtx.sequenceNumber() + 1) & 0xFFFF);
        assertThat(s.retransmissions()).isEqualTo(2);
    }

    /** The subscriber NACKs {@code outSeq} one more time than the resend limit, each past the spacing. */
    private void nackMoreTimesThanAPacketMayBeResent(Subscription s, int outSeq) {
        for (int i = 0; i <= RetransmissionLimiter.MAX_RESENDS; i++) {
            s.onNack(new int[] {outSeq}, clock.millis(), 20);
            clock.advanceMillis(50);
        }
    }

    @Test
    void aNackTheBudgetRefusedDoesNotUseUpThePacketsResends() throws Exception {
        RecordingDownlink sink = new RecordingDownlink();
        Subscription s = subscribe(sink);
        track.onRtp(media(100, true), false);
        track.onRtp(media(101, false), false);
        int lostOut = sink.sent.get(1).sequenceNumber();
        sink.budget = false; // the downlink's retransmission budget is spent
        nackMoreTimesThanAPacketMayBeResent(s, lostOut);
        assertThat(sink.sent).hasSize(2);
        sink.budget = true;
        s.onNack(new int[] {lostOut}, clock.millis(), 20);
        assertThat(sink.sent).as("resent once the budget allows").hasSize(3);
        assertThat(s.retransmissions()).isEqualTo(1);
    }

    @Test
    void aNackForAPacketTheServerHasNotRecoveredYetDoesNotCount() throws Exception {
        RecordingDownlink sink = new RecordingDownlink();
        Subscription s = subscribe(sink);
        track.onRtp(media(100, true), false);
        track.onRtp(media(102, false), false); // 101 was lost on the publisher's side too
        int holeOut = (sink.sent.get(0).sequenceNumber() + 1) & 0xFFFF;
        nackMoreTimesThanAPacketMayBeResent(s, holeOut);
        assertThat(sink.sent).hasSize(2);
        track.onRtp(rtx(1, 101), true); // the publisher's retransmission: forwarded, and lost again downstream
        assertThat(sink.sent).hasSize(3);
        s.onNack(new int[] {holeOut}, clock.millis(), 20);
        assertThat(sink.sent).as("the subscriber's NACK is answered now").hasSize(4);
        assertThat(s.retransmissions()).isEqualTo(1);
    }

    @Test
    void aPacketIsResentAtMostThreeTimesAndNoSoonerThanTheSpacing() throws Exception {
        RecordingDownlink sink = new RecordingDownlink();
        Subscription s = subscribe(sink);
        track.onRtp(media(100, true), false);
        track.onRtp(media(101, false), false);
        int lostOut = sink.sent.get(1).sequenceNumber();
        s.onNack(new int[] {lostOut}, clock.millis(), 20);
        s.onNack(new int[] {lostOut}, clock.millis() + 10, 20); // within the spacing: not again
        assertThat(s.retransmissions()).isEqualTo(1);
        for (int i = 1; i <= RetransmissionLimiter.MAX_RESENDS; i++) {
            clock.advanceMillis(25);
            s.onNack(new int[] {lostOut}, clock.millis(), 20);
        }
        assertThat(s.retransmissions()).isEqualTo(RetransmissionLimiter.MAX_RESENDS);
    }

    @Test
    void withoutRtxANackIsAnsweredOnTheMediaSsrc() throws Exception {
        RecordingDownlink sink = new RecordingDownlink();
        Subscription s = subscribe(sink);
        track.onRtp(media(100, true), false);
        track.onRtp(media(101, false), false);
        RtpPacket original = sink.sent.get(1);

        s.onNack(new int[] {original.sequenceNumber(), (original.sequenceNumber() + 50) & 0xFFFF});

        assertThat(sink.sent).hasSize(3); // the unknown one is skipped
        RtpPacket resent = sink.sent.get(2);
        assertThat(resent.ssrc()).isEqualTo(s.ssrc());
        assertThat(resent.sequenceNumber()).isEqualTo(original.sequenceNumber());
        assertThat(resent.payloadType()).isEqualTo(ForwardedCodec.VP8.downlinkPayloadType());
        assertThat(sink.payload(2)).isEqualTo(sink.payload(1));
    }

    @Test
    void keyframeRequestsOfSeveralSubscribersAreMergedIntoOnePli() throws Exception {
        subscribe(new RecordingDownlink()); // each activation asks for a keyframe
        subscribe(new RecordingDownlink());
        subscribe(new RecordingDownlink());
        track.requestKeyframe();
        assertThat(toPublisher).filteredOn(PictureLossIndication.class::isInstance).hasSize(1);

        clock.advanceMillis(100);
        track.sendDueKeyframeRequest();
        track.requestKeyframe();
        assertThat(toPublisher).filteredOn(PictureLossIndication.class::isInstance).hasSize(1);

        clock.advanceMillis(400);
        track.sendDueKeyframeRequest(); // the merged, deferred request: once per interval
        track.sendDueKeyframeRequest();
        assertThat(toPublisher).filteredOn(PictureLossIndication.class::isInstance).hasSize(2);
    }

    @Test
    void audioIsNeverNacked() throws Exception {
        UplinkTrack audio = new UplinkTrack(new UplinkNegotiation.TrackSpec(MediaKind.AUDIO, "0",
                ForwardedCodec.OPUS, 111, OptionalInt.empty(), Codec.of(111, "opus", 48000, OptionalInt.of(2)),
                OptionalLong.of(5), OptionalLong.empty()), "s-audio", clock, publisher);
        for (int seq : new int[] {1, 2, 5}) {
            byte[] b = new RtpPacketBuilder().payloadType(111).sequenceNumber(seq).timestamp(seq * 960L).ssrc(5)
                    .payload(new byte[] {1, 2, 3}).build();
            audio.onRtp(new RtpPacket().wrap(b, 0, b.length), false);
        }
        clock.advanceMillis(100);
        audio.sendDueNacks();
        assertThat(toPublisher).isEmpty();
    }

    @Test
    void aSubscriptionKeepsForwardingPastHalfTheSequenceSpace() throws Exception {
        RecordingDownlink sink = new RecordingDownlink();
        subscribe(sink);
        int sentBefore = 0;
        for (int i = 0; i < 70_000; i++) {
            track.onRtp(media((1000 + i) & 0xFFFF, i == 0), false);
            if (sink.sent.size() != sentBefore + 1) {
                throw new AssertionError("packet " + i + " after the start was not forwarded");
            }
            sentBefore = sink.sent.size();
            if (sink.sent.size() > 100) {
                sink.sent.clear();
                sentBefore = 0;
            }
        }
    }

    @Test
    void aPacketFromBeforeTheSubscriptionStartedIsNotForwarded() throws Exception {
        RecordingDownlink sink = new RecordingDownlink();
        subscribe(sink);
        track.onRtp(media(500, true), false);
        track.onRtp(media(502, false), false);
        track.onRtp(media(499, false), false); // late, but older than the keyframe this subscriber started at
        track.onRtp(media(501, false), false); // late, fills a hole after the start
        assertThat(sink.sent).extracting(RtpPacket::sequenceNumber).hasSize(3);
        assertThat(sink.payload(2)).containsExactly(0x10, 0x01, (byte) 501, 0x55);
    }
}
