package dev.parley.sfu.downlink;

import dev.parley.sfu.ForwardedCodec;
import dev.parley.sfu.ManualClock;
import dev.parley.sfu.uplink.UplinkNegotiation;
import dev.parley.sfu.uplink.UplinkTrack;
import dev.parley.sfu.uplink.RecordingPublisher;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.media.codec.Vp8PayloadDescriptor;
import dev.parley.media.rtcp.PictureLossIndication;
import dev.parley.media.rtcp.RtcpPacket;
import dev.parley.media.rtp.RtpPacket;
import dev.parley.media.rtp.RtpPacketBuilder;
import dev.parley.media.rtp.RtpSequenceNumbers;
import dev.parley.media.sdp.Codec;
import dev.parley.media.sdp.MediaKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * A subscription to a two-layer VP8 simulcast track: it starts on the big layer, switches only at the new
 * layer's keyframe, and the subscriber sees one stream whose sequence numbers, timestamps, PictureIDs and
 * TL0PICIDX continue across the switch (RFC 7741 §4.2); NACKs from before a switch are not answered from
 * the wrong layer's buffer.
 */
class SimulcastSwitchTest {
    private static final long SMALL_SSRC = 0x1000;
    private static final long BIG_SSRC = 0x2000;

    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final RecordingPublisher publisher = new RecordingPublisher();
    private final List<RtcpPacket> toPublisher = publisher.received;
    private final UplinkNegotiation.TrackSpec spec = new UplinkNegotiation.TrackSpec(MediaKind.VIDEO, "1",
            ForwardedCodec.VP8, 96, OptionalInt.of(97), Codec.of(96, "VP8", 90000, OptionalInt.empty()),
            OptionalLong.empty(), OptionalLong.empty(), OptionalInt.empty(),
            Optional.of(new UplinkNegotiation.SimulcastSpec(List.of("l", "h"), 10, OptionalInt.of(11))));
    private final UplinkTrack.PublisherFeedback feedback = publisher;
    private final UplinkTrack small = new UplinkTrack(spec, "l", 0, "s-video-l", clock, feedback);
    private final UplinkTrack big = new UplinkTrack(spec, "h", 1, "s-video-h", clock, feedback);
    private final RecordingDownlink sink = new RecordingDownlink();
    private final Subscription sub = new Subscription(List.of(small, big), "s", "s-video-0", sink);

    SimulcastSwitchTest() {
        small.learnSsrc(SMALL_SSRC, false);
        big.learnSsrc(BIG_SSRC, false);
    }

    /**
     * One single-packet VP8 frame with a long PictureID and TL0PICIDX (RFC 7741 §4.2: X=1, I=1, L=1, M=1),
     * then a payload header whose P bit is 0 on keyframes.
     */
    private static RtpPacket frame(long ssrc, int seq, long ts, int pictureId, int tl0, boolean keyframe)
            throws Exception {
        return frame(ssrc, seq, ts, pictureId, tl0, keyframe, 0);
    }

    @Test
    void startsOnTheBigLayerAtItsKeyframeAndIgnoresTheSmallOne() throws Exception {
        sub.activate();
        assertThat(plisFor(BIG_SSRC)).isEqualTo(1);
        small.onRtp(frame(SMALL_SSRC, 500, 9000, 40, 4, true), false);
        big.onRtp(frame(BIG_SSRC, 100, 1000, 7000, 200, false), false); // mid-GOP: not a start
        assertThat(sink.sent).isEmpty();

        big.onRtp(frame(BIG_SSRC, 101, 4000, 7001, 201, true), false);
        big.onRtp(frame(BIG_SSRC, 102, 7000, 7002, 201, false), false);
        small.onRtp(frame(SMALL_SSRC, 501, 12000, 41, 4, false), false);

        assertThat(sink.sent).hasSize(2);
        assertThat(sub.currentLayer()).isEqualTo(1);
        assertThat(sink.vp8(0).pictureId()).isEqualTo(7001); // one layer: PictureIDs pass unchanged
    }

    @Test
    void aSwitchWaitsForTheKeyframeAndContinuesEveryCounter() throws Exception {
        sub.activate();
        big.onRtp(frame(BIG_SSRC, 101, 4000, 7001, 201, true), false);
        big.onRtp(frame(BIG_SSRC, 102, 7000, 7002, 201, false), false);
        RtpPacket lastBig = sink.last();
        int lastSeq = lastBig.sequenceNumber();
        long lastTs = lastBig.timestamp();

        sub.selectLayer(0);
        assertThat(plisFor(SMALL_SSRC)).isEqualTo(1); // the switch asks the small layer for a keyframe
        small.onRtp(frame(SMALL_SSRC, 900, 50_000, 300, 30, false), false); // not a keyframe: still big
        clock.advanceMillis(33);
        big.onRtp(frame(BIG_SSRC, 103, 10000, 7003, 202, false), false);
        assertThat(sink.sent).hasSize(3);
        assertThat(sub.currentLayer()).isEqualTo(1);
        int seqBeforeSwitch = sink.last().sequenceNumber();
        long tsBeforeSwitch = sink.last().timestamp();

        clock.advanceMillis(33);
        small.onRtp(frame(SMALL_SSRC, 901, 53_000, 301, 31, true), false);
        big.onRtp(frame(BIG_SSRC, 104, 13000, 7004, 202, false), false); // the old layer is no longer sent

        assertThat(sub.currentLayer()).isEqualTo(0);
        assertThat(sub.layerSwitches()).isEqualTo(1);
        assertThat(sink.sent).hasSize(4);
        RtpPacket first = sink.last();
        assertThat(RtpSequenceNumbers.distance(seqBeforeSwitch, first.sequenceNumber())).isEqualTo(1);
        assertThat(first.ssrc()).isEqualTo(lastBig.ssrc());
        long tsStep = (first.timestamp() - tsBeforeSwitch) & 0xFFFFFFFFL;
        assertThat(tsStep).isEqualTo(33 * 90); // the wallclock time since the last packet, in 90 kHz
        assertThat(sink.vp8(3).pictureId()).isEqualTo(7004);
        assertThat(sink.vp8(3).tl0PicIdx()).isEqualTo(203);
        assertThat(lastSeq).isNotEqualTo(first.sequenceNumber());
        assertThat(lastTs).isNotEqualTo(first.timestamp());

        small.onRtp(frame(SMALL_SSRC, 902, 56_000, 302, 31, false), false);
        assertThat(sink.vp8(4).pictureId()).isEqualTo(7005);
        assertThat(sink.vp8(4).tl0PicIdx()).isEqualTo(203);
        assertThat(RtpSequenceNumbers.distance(first.sequenceNumber(), sink.last().sequenceNumber())).isEqualTo(1);
        assertThat((sink.last().timestamp() - first.timestamp()) & 0xFFFFFFFFL).isEqualTo(3000);
    }

    @Test
    void pictureIdsWrapAtFifteenBits() throws Exception {
        sub.activate();
        big.onRtp(frame(BIG_SSRC, 1, 0, 0x7FFF, 255, true), false);
        sub.selectLayer(0);
        small.onRtp(frame(SMALL_SSRC, 1, 0, 12, 9, true), false);

        assertThat(sink.vp8(1).pictureId()).isZero();
        assertThat(sink.vp8(1).tl0PicIdx()).isZero();
    }

    @Test
    void aSwitchChangedBackBeforeTheKeyframeKeepsTheCurrentLayer() throws Exception {
        sub.activate();
        big.onRtp(frame(BIG_SSRC, 101, 4000, 7001, 201, true), false);
        sub.selectLayer(0);
        sub.selectLayer(1);
        small.onRtp(frame(SMALL_SSRC, 901, 53_000, 301, 31, true), false);
        big.onRtp(frame(BIG_SSRC, 102, 7000, 7002, 201, false), false);

        assertThat(sub.currentLayer()).isEqualTo(1);
        assertThat(sub.layerSwitches()).isZero();
        assertThat(sink.sent).hasSize(2);
        assertThat(small.sinks()).isEmpty();
    }

    /** As {@link #frame(long, int, long, int, int, boolean)}, with {@code extra} more payload bytes (seq-dependent). */
    private static RtpPacket frame(long ssrc, int seq, long ts, int pictureId, int tl0, boolean keyframe, int extra)
            throws Exception {
        byte[] payload = new byte[8 + extra];
        byte[] head = {(byte) 0x90, (byte) 0xC0, (byte) (0x80 | pictureId >>> 8), (byte) pictureId, (byte) tl0,
                (byte) (keyframe ? 0x00 : 0x01), 0x2A, 0x55};
        System.arraycopy(head, 0, payload, 0, head.length);
        for (int i = head.length; i < payload.length; i++) {
            payload[i] = (byte) (seq * 31 + i);
        }
        byte[] b = new RtpPacketBuilder().payloadType(96).sequenceNumber(seq).timestamp(ts).ssrc(ssrc)
                .payload(payload).build();
        return new RtpPacket().wrap(b, 0, b.length);
    }

    @Test
    void aCopyAfterASwitchKeepsThePayloadPastTheRewrittenDescriptor() throws Exception {
        sub.activate();
        big.onRtp(frame(BIG_SSRC, 101, 4000, 7001, 201, true, 1100), false);
        sub.selectLayer(0);
        small.onRtp(frame(SMALL_SSRC, 901, 53_000, 301, 31, true, 1100), false);
        small.onRtp(frame(SMALL_SSRC, 902, 56_000, 302, 31, false, 1100), false);

        assertThat(sink.sent).hasSize(3);
        assertThat(sink.vp8(2).pictureId()).as("rewritten across the switch").isEqualTo(7003);
        assertThat(sink.payload(2)).hasSize(1108);
        assertThat(sink.payload(2)[500]).isEqualTo((byte) (902 * 31 + 500));
    }

    @Test
    void nacksFromBeforeASwitchAreNotAnsweredFromTheNewLayer() throws Exception {
        sub.activate();
        big.onRtp(frame(BIG_SSRC, 101, 4000, 7001, 201, true), false);
        big.onRtp(frame(BIG_SSRC, 102, 7000, 7002, 201, false), false);
        int oldSeq = sink.last().sequenceNumber();
        sub.selectLayer(0);
        small.onRtp(frame(SMALL_SSRC, 901, 53_000, 301, 31, true), false);
        small.onRtp(frame(SMALL_SSRC, 902, 56_000, 302, 31, false), false);
        int newSeq = sink.last().sequenceNumber();
        int before = sink.sent.size();

        sub.onNack(new int[] {oldSeq});
        assertThat(sink.sent).hasSize(before);

        sub.onNack(new int[] {newSeq});
        assertThat(sink.sent).hasSize(before + 1);
        assertThat(sink.last().sequenceNumber()).isEqualTo(newSeq);
        assertThat(Vp8PayloadDescriptor.parse(sink.last().buffer(), sink.last().payloadOffset(),
                sink.last().payloadLength()).pictureId()).isEqualTo(7004);
    }

    @Test
    void aSubscriberPliDuringASwitchAsksTheTargetLayer() throws Exception {
        sub.activate();
        big.onRtp(frame(BIG_SSRC, 101, 4000, 7001, 201, true), false);
        sub.selectLayer(0);
        clock.advanceMillis(1000); // past the keyframe-request merge interval
        sub.requestKeyframe();
        assertThat(plisFor(SMALL_SSRC)).isEqualTo(2);
    }

    @Test
    void detachLeavesNoLayerHoldingTheSubscription() throws Exception {
        sub.activate();
        big.onRtp(frame(BIG_SSRC, 101, 4000, 7001, 201, true), false);
        sub.selectLayer(0);
        sub.detach();
        assertThat(small.sinks()).isEmpty();
        assertThat(big.sinks()).isEmpty();
    }

    private long plisFor(long ssrc) {
        return toPublisher.stream().filter(PictureLossIndication.class::isInstance)
                .map(PictureLossIndication.class::cast).filter(p -> p.mediaSsrc() == ssrc).count();
    }

    @Test
    void h264LayersSwitchAtAnIdrWithSequenceAndTimestampContinuing() throws Exception {
        UplinkNegotiation.TrackSpec h264 = new UplinkNegotiation.TrackSpec(MediaKind.VIDEO, "1",
                ForwardedCodec.H264, 102, OptionalInt.of(103), Codec.of(102, "H264", 90000, OptionalInt.empty()),
                OptionalLong.empty(), OptionalLong.empty(), OptionalInt.empty(),
                Optional.of(new UplinkNegotiation.SimulcastSpec(List.of("l", "h"), 10, OptionalInt.of(11))));
        UplinkTrack low = new UplinkTrack(h264, "l", 0, "s-video-l", clock, feedback);
        UplinkTrack high = new UplinkTrack(h264, "h", 1, "s-video-h", clock, feedback);
        low.learnSsrc(SMALL_SSRC, false);
        high.learnSsrc(BIG_SSRC, false);
        Subscription h = new Subscription(List.of(low, high), "s", "s-video-0", sink);
        h.activate();
        high.onRtp(h264(BIG_SSRC, 10, 1000, true), false);
        high.onRtp(h264(BIG_SSRC, 11, 4000, false), false);
        h.selectLayer(0);
        low.onRtp(h264(SMALL_SSRC, 70, 9000, false), false); // a non-IDR slice: no switch yet
        clock.advanceMillis(40);
        low.onRtp(h264(SMALL_SSRC, 71, 12000, true), false);

        assertThat(h.currentLayer()).isZero();
        assertThat(sink.sent).hasSize(3);
        assertThat(RtpSequenceNumbers.distance(sink.sent.get(1).sequenceNumber(), sink.last().sequenceNumber()))
                .isEqualTo(1);
        assertThat((sink.last().timestamp() - sink.sent.get(1).timestamp()) & 0xFFFFFFFFL).isEqualTo(40 * 90);
        assertThat(sink.last().payloadType()).isEqualTo(ForwardedCodec.H264.downlinkPayloadType());
    }

    /** One single-NAL-unit H.264 packet (RFC 6184 §5.6): an IDR slice (type 5) or a non-IDR one (1). */
    private static RtpPacket h264(long ssrc, int seq, long ts, boolean idr) throws Exception {
        byte[] payload = {(byte) (idr ? 0x65 : 0x41), (byte) 0x88, 0x12, 0x34};
        byte[] b = new RtpPacketBuilder().payloadType(102).sequenceNumber(seq).timestamp(ts).ssrc(ssrc).marker(true)
                .payload(payload).build();
        return new RtpPacket().wrap(b, 0, b.length);
    }
}
