package dev.parley.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.media.dtls.DtlsCertificate;
import dev.parley.media.dtls.DtlsHandshakeExecutor;
import dev.parley.media.rtcp.PictureLossIndication;
import dev.parley.media.rtcp.ReceiverEstimatedMaxBitrate;
import dev.parley.media.rtcp.ReceiverReport;
import dev.parley.media.rtcp.RtcpCompound;
import dev.parley.media.rtcp.RtcpPacket;
import dev.parley.media.rtcp.SenderReport;
import dev.parley.media.rtp.AudioLevel;
import dev.parley.media.rtp.RtpPacket;
import dev.parley.media.rtp.RtpPacketBuilder;
import dev.parley.media.rtp.TransportWideSequenceNumber;
import dev.parley.media.sdp.MediaDescription;
import dev.parley.media.sdp.MediaKind;
import dev.parley.media.sdp.SessionDescription;
import dev.parley.sfu.BrowserOffers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The packet path of docs (publisher → SFU → subscriber) with two headless peers instead of browsers:
 * a publisher that sends what Chrome's offer announced, a subscriber that answers the downlink offer.
 * Checks what a browser relies on: rewritten SSRC/sequence/timestamp, video starting at a keyframe,
 * PLI and NACK handling, RTX unwrapping, sender report translation.
 */
class ForwardingIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final long AUDIO_SSRC = 3_419_704_644L; // Chrome's offer
    private static final long VIDEO_SSRC = 957_408_553L;
    private static final long RTX_SSRC = 3_390_141_415L;
    private static final AtomicInteger ROOMS = new AtomicInteger(9000);

    private static InProcessServer server;
    private static ExecutorService dtlsExecutor;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private HeadlessPeer alice;
    private HeadlessPeer bob;
    private SignalClient aliceSignal;
    private SignalClient bobSignal;
    private long bobAudioSsrc;
    private long bobVideoSsrc;
    private int bobAudioLevelId; // RFC 6464 id of bob's downlink offer (kept by his answer), 0 if not offered
    private long bobVideoRtxSsrc; // the downlink's RTX stream (a=ssrc-group:FID), used since bob's answer keeps rtx
    private int audioSeq = 1; // the publisher's next Opus sequence number: never reused (the SFU drops duplicates)

    @BeforeAll
    static void start() throws Exception {
        server = InProcessServer.start("");
        dtlsExecutor = DtlsHandshakeExecutor.create(4);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        dtlsExecutor.shutdownNow();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    /** alice publishes Chrome's audio+video, bob subscribes to both; both media connections up. */
    @BeforeEach
    void call() throws Exception {
        int room = ROOMS.incrementAndGet();
        aliceSignal = track(server.connect("alice")); // closed first: leaving ends the transports quietly
        bobSignal = track(server.connect("bob"));
        alice = track(new HeadlessPeer("alice", DtlsCertificate.generate(), dtlsExecutor));
        bob = track(new HeadlessPeer("bob", DtlsCertificate.generate(), dtlsExecutor));
        aliceSignal.ok("join", InProcessServer.join("alice", room));
        bobSignal.ok("join", InProcessServer.join("bob", room));
        JsonNode published = aliceSignal.ok("publish", Map.of("offer",
                PeerMedia.offerFrom(alice, BrowserOffers.read(BrowserOffers.CHROME)), "type", "main"));
        PeerMedia.connect(alice, published.path("answer").asText());

        String offer = bobSignal.ok("subscribe", Map.of("streamId", published.path("streamId").asText()))
                .path("offer").asText();
        for (MediaDescription m : SessionDescription.parse(offer).media()) {
            if (m.kind() == MediaKind.AUDIO) {
                bobAudioSsrc = m.ssrcIds().get(0);
                bobAudioLevelId = m.extmapId(AudioLevel.URI).orElse(0);
            } else {
                bobVideoSsrc = m.ssrcIds().get(0);
                bobVideoRtxSsrc = m.ssrcGroups().stream().filter(g -> g.isFid()).findFirst().orElseThrow().ssrcs().get(1);
            }
        }
        bobSignal.ok("downlink-answer", Map.of("answer", PeerMedia.downlinkAnswerFrom(bob, offer)));
        PeerMedia.connect(bob, offer);
        // The server finishes each DTLS handshake a moment after the peer does: wait until media flows
        // end to end, so that no test loses its first packet to a transport still connecting.
        audioReachesBob();
        Thread.sleep(50);
        drain(bob);
    }

    /** Sends Opus (continuing the sequence) until bob receives one; returns what bob received. */
    private byte[] audioReachesBob() throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            alice.sendRtp(opus(audioSeq++));
            Thread.sleep(10);
            byte[] p = bob.pollRtp();
            if (p != null) {
                return p;
            }
        }
        throw new AssertionError("audio from alice never reached bob");
    }

    private <T extends AutoCloseable> T track(T c) {
        closeables.add(c);
        return c;
    }

    private static byte[] rtp(int pt, long ssrc, int seq, long ts, boolean marker, byte[] payload) {
        byte[] p = new byte[12 + payload.length];
        p[0] = (byte) 0x80;
        p[1] = (byte) ((marker ? 0x80 : 0) | pt);
        p[2] = (byte) (seq >> 8);
        p[3] = (byte) seq;
        for (int i = 0; i < 4; i++) {
            p[4 + i] = (byte) (ts >> (24 - 8 * i));
            p[8 + i] = (byte) (ssrc >> (24 - 8 * i));
        }
        System.arraycopy(payload, 0, p, 12, payload.length);
        return p;
    }

    /** An Opus packet whose payload starts with its own sequence number, so a forwarded copy tells it. */
    private static byte[] opus(int seq) {
        byte[] payload = new byte[30];
        Arrays.fill(payload, (byte) 0x55);
        payload[0] = (byte) (seq >> 8);
        payload[1] = (byte) seq;
        return rtp(111, AUDIO_SSRC, seq, 10_000 + seq * 960L, false, payload);
    }

    /** A one-packet VP8 frame (RFC 7741): descriptor S=1 PID=0, then P=0 for a keyframe. */
    private static byte[] vp8(int seq, boolean keyframe) {
        byte[] payload = new byte[60];
        Arrays.fill(payload, (byte) seq);
        payload[0] = 0x10;
        payload[1] = (byte) (keyframe ? 0x00 : 0x01);
        return rtp(96, VIDEO_SSRC, seq, 90_000 + seq * 3000L, true, payload);
    }

    private static int seq(byte[] p) {
        return ((p[2] & 0xFF) << 8) | (p[3] & 0xFF);
    }

    private static long ts(byte[] p) {
        return ((p[4] & 0xFFL) << 24) | ((p[5] & 0xFFL) << 16) | ((p[6] & 0xFFL) << 8) | (p[7] & 0xFFL);
    }

    private static long ssrc(byte[] p) {
        return ((p[8] & 0xFFL) << 24) | ((p[9] & 0xFFL) << 16) | ((p[10] & 0xFFL) << 8) | (p[11] & 0xFFL);
    }

    /** The payload after the header and any extension block (the server adds a transport-wide seq). */
    private static byte[] payload(byte[] p) {
        try {
            RtpPacket r = RtpPacket.parse(p, 0, p.length);
            return Arrays.copyOfRange(p, r.payloadOffset(), r.payloadOffset() + r.payloadLength());
        } catch (dev.parley.media.MalformedPacketException e) {
            throw new AssertionError("not RTP", e);
        }
    }

    /** The next RTP packet bob receives on {@code ssrc} (others are skipped). */
    private byte[] bobReceives(long ssrc) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            byte[] p = bob.awaitRtp(WAIT);
            if (ssrc(p) == ssrc) {
                return p;
            }
        }
        throw new AssertionError("bob received nothing on SSRC " + ssrc);
    }

    private static <T extends RtcpPacket> T awaitRtcp(HeadlessPeer peer, Class<T> type, Predicate<T> wanted)
            throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            byte[] rtcp = peer.awaitRtcp(WAIT);
            for (RtcpPacket p : RtcpCompound.parse(rtcp, 0, rtcp.length)) {
                if (type.isInstance(p) && wanted.test(type.cast(p))) {
                    return type.cast(p);
                }
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " received");
    }

    private void drain(HeadlessPeer peer) {
        while (peer.pollRtp() != null) {
            // discard
        }
    }

    // --- tests --------------------------------------------------------------------------------------

    @Test
    void audioArrivesWithTheSubscribersSsrcAndContinuousSequenceAndTimestamps() throws Exception {
        int from = audioSeq;
        audioSeq += 30;
        for (int i = 0; i < 30; i++) {
            alice.sendRtp(opus(from + i));
            Thread.sleep(2);
        }
        byte[] previous = null;
        for (int i = 0; i < 30; i++) {
            byte[] p = bobReceives(bobAudioSsrc);
            assertThat(p[1] & 0x7F).as("Opus keeps the downlink payload type 111").isEqualTo(111);
            assertThat(payload(p)).isEqualTo(payload(opus(from + i)));
            if (previous != null) {
                assertThat(seq(p)).isEqualTo((seq(previous) + 1) & 0xFFFF);
                assertThat((ts(p) - ts(previous)) & 0xFFFF_FFFFL).isEqualTo(960);
            }
            previous = p;
        }
        assertThat(bob.srtpFailures()).isZero();
    }

    @Test
    void thePublishersAudioLevelReachesTheSubscriberInItsNegotiatedExtension() throws Exception {
        assertThat(bobAudioLevelId).as("the downlink offer has an RFC 6464 extmap").isBetween(1, 14);
        int uplinkId = SessionDescription.parse(BrowserOffers.read(BrowserOffers.CHROME)).media().stream()
                .filter(m -> m.kind() == MediaKind.AUDIO).findFirst().orElseThrow().extmapId(AudioLevel.URI)
                .orElseThrow();
        int[] levels = {0, 30, AudioLevel.SILENCE, 64};
        int from = audioSeq;
        audioSeq += levels.length;
        for (int i = 0; i < levels.length; i++) {
            byte[] plain = opus(from + i);
            alice.sendRtp(new RtpPacketBuilder().payloadType(111).sequenceNumber(from + i)
                    .timestamp(10_000 + (from + i) * 960L).ssrc(AUDIO_SSRC)
                    .extension(uplinkId, AudioLevel.encode(i % 2 == 0, levels[i])).payload(payload(plain)).build());
            Thread.sleep(2);
        }
        for (int i = 0; i < levels.length; i++) {
            byte[] p = bobReceives(bobAudioSsrc);
            RtpPacket r = RtpPacket.parse(p, 0, p.length);
            int raw = AudioLevel.read(r, bobAudioLevelId);
            assertThat(raw).as("level byte of packet %d", i).isNotNegative();
            assertThat(AudioLevel.level(raw)).isEqualTo(levels[i]);
            assertThat(AudioLevel.voiceActivity(raw)).isEqualTo(i % 2 == 0);
            assertThat(p.length).as("12-byte header + RFC 8285 block of 12 (level, transport-wide seq) + payload")
                    .isEqualTo(12 + 12 + 30);
            assertThat(Arrays.copyOfRange(p, r.payloadOffset(), r.payloadOffset() + r.payloadLength()))
                    .isEqualTo(payload(opus(from + i)));
        }
        assertThat(bob.srtpFailures()).isZero();
    }

    @Test
    void videoStartsAtAKeyframeThatTheSubscriptionAskedFor() throws Exception {
        PictureLossIndication pli = awaitRtcp(alice, PictureLossIndication.class, p -> p.mediaSsrc() == VIDEO_SSRC);
        assertThat(pli.mediaSsrc()).isEqualTo(VIDEO_SSRC);

        int seq = 500;
        for (int i = 0; i < 5; i++) {
            alice.sendRtp(vp8(seq++, false)); // delta frames: a decoder cannot start here
            Thread.sleep(5);
        }
        Thread.sleep(300);
        byte[] early = bob.pollRtp();
        while (early != null) {
            assertThat(ssrc(early)).as("no video before the keyframe").isNotEqualTo(bobVideoSsrc);
            early = bob.pollRtp();
        }

        int keyframe = seq;
        alice.sendRtp(vp8(seq++, true));
        alice.sendRtp(vp8(seq++, false));
        byte[] k = bobReceives(bobVideoSsrc);
        byte[] d = bobReceives(bobVideoSsrc);

        assertThat(payload(k)).isEqualTo(payload(vp8(keyframe, true)));
        assertThat(k[1] & 0x7F).isEqualTo(96);
        assertThat(k[1] & 0x80).as("marker kept").isEqualTo(0x80);
        assertThat(seq(d)).isEqualTo((seq(k) + 1) & 0xFFFF);
        assertThat((ts(d) - ts(k)) & 0xFFFF_FFFFL).isEqualTo(3000);
    }

    @Test
    void aNackFromTheSubscriberIsAnsweredFromTheBufferWithRtx() throws Exception {
        int seq = 1000;
        alice.sendRtp(vp8(seq++, true));
        byte[] k = bobReceives(bobVideoSsrc);
        var lost = bob.loseRtp(bobVideoSsrc, 1);
        int sentFrom = seq;
        for (int i = 0; i < 4; i++) {
            alice.sendRtp(vp8(seq++, false));
        }
        int lostOut = lost.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(lostOut).isEqualTo((seq(k) + 2) & 0xFFFF);
        for (int i = 0; i < 3; i++) {
            bobReceives(bobVideoSsrc);
        }

        // RFC 4585 §6.2.1 Generic NACK: PID = the lost sequence number, BLP = 0.
        byte[] nack = {(byte) 0x81, (byte) 205, 0, 3, 0, 0, 0, 1,
            (byte) (bobVideoSsrc >> 24), (byte) (bobVideoSsrc >> 16), (byte) (bobVideoSsrc >> 8), (byte) bobVideoSsrc,
            (byte) (lostOut >> 8), (byte) lostOut, 0, 0};
        bob.sendRtcp(nack);

        // RFC 4588 §4: on the RTX SSRC and payload type, the original sequence number first. (Without RTX in
        // the answer the packet is resent on the media SSRC: see LossRecoveryTest.)
        byte[] resent = bobReceives(bobVideoRtxSsrc);
        assertThat(resent[1] & 0x7F).isEqualTo(97);
        byte[] rtxPayload = payload(resent);
        assertThat(((rtxPayload[0] & 0xFF) << 8) | (rtxPayload[1] & 0xFF)).isEqualTo(lostOut);
        assertThat(Arrays.copyOfRange(rtxPayload, 2, rtxPayload.length))
                .isEqualTo(payload(vp8(sentFrom + 1, false)));
        assertThat(bob.srtpFailures()).isZero();
    }

    @Test
    void everyPacketTowardTheSubscriberCarriesTheNextTransportWideSequenceNumber() throws Exception {
        // The downlink offer has the transport-wide extension (id 3) and bob's answer kept it: the server
        // numbers every packet of the transport, audio and video alike, for the subscriber's feedback.
        List<Integer> numbers = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        int videoSeq = 5000;
        alice.sendRtp(vp8(videoSeq++, true));
        while (numbers.size() < 40 && System.nanoTime() < deadline) {
            alice.sendRtp(opus(audioSeq++));
            alice.sendRtp(vp8(videoSeq++, false));
            Thread.sleep(5);
            for (byte[] p = bob.pollRtp(); p != null; p = bob.pollRtp()) {
                int n = TransportWideSequenceNumber.read(new RtpPacket().wrap(p, 0, p.length), 3);
                assertThat(n).as("transport-wide sequence number on every packet").isNotNegative();
                numbers.add(n);
            }
        }
        assertThat(numbers).hasSizeGreaterThanOrEqualTo(40);
        for (int i = 1; i < numbers.size(); i++) {
            assertThat(numbers.get(i)).as("packet %d", i).isEqualTo((numbers.get(i - 1) + 1) & 0xFFFF);
        }
    }

    @Test
    void aPublisherWithoutTransportCcGetsRembForItsStreams() throws Exception {
        // An offer as a sender without transport-cc would make it: the server falls back to REMB (with
        // abs-send-time) and sends its receive-side estimate for the publisher's SSRCs once a second.
        String offer = BrowserOffers.read(BrowserOffers.CHROME)
                .replaceAll("(?m)^a=rtcp-fb:\\d+ transport-cc\\r?\\n", "")
                .replaceAll("(?m)^a=extmap:\\d+ http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01\\r?\\n", "");
        assertThat(offer).doesNotContain("transport-cc").contains("goog-remb");
        SignalClient carolSignal = track(server.connect("carol"));
        HeadlessPeer carol = track(new HeadlessPeer("carol", DtlsCertificate.generate(), dtlsExecutor));
        carolSignal.ok("join", InProcessServer.join("carol", ROOMS.incrementAndGet()));
        JsonNode published = carolSignal.ok("publish", Map.of("offer", PeerMedia.offerFrom(carol, offer),
                "type", "main"));
        String answer = published.path("answer").asText();
        assertThat(answer).contains("goog-remb").doesNotContain("transport-cc");
        PeerMedia.connect(carol, answer);

        long deadline = System.nanoTime() + WAIT.toNanos();
        int seq = 1;
        ReceiverEstimatedMaxBitrate remb = null;
        while (remb == null && System.nanoTime() < deadline) {
            for (int i = 0; i < 10; i++, seq++) {
                carol.sendRtp(opus(seq));
                carol.sendRtp(vp8(seq, seq == 1));
            }
            Thread.sleep(50);
            for (byte[] r = carol.pollRtcp(); r != null; r = carol.pollRtcp()) {
                for (RtcpPacket p : RtcpCompound.parse(r, 0, r.length)) {
                    if (p instanceof ReceiverEstimatedMaxBitrate found) {
                        remb = found;
                    }
                }
            }
        }
        assertThat(remb).as("a REMB within %s", WAIT).isNotNull();
        assertThat(remb.ssrcs()).contains(AUDIO_SSRC, VIDEO_SSRC);
        assertThat(remb.bitsPerSecond()).isBetween(100_000L, 10_000_000L);
    }

    @Test
    void aPliFromTheSubscriberReachesThePublisher() throws Exception {
        awaitRtcp(alice, PictureLossIndication.class, p -> p.mediaSsrc() == VIDEO_SSRC); // the subscription's own
        Thread.sleep(600); // past the 500 ms merge interval
        while (true) {
            try {
                alice.awaitRtcp(Duration.ofMillis(100));
            } catch (java.util.concurrent.TimeoutException e) {
                break;
            }
        }

        byte[] pli = {(byte) 0x81, (byte) 206, 0, 2, 0, 0, 0, 2,
            (byte) (bobVideoSsrc >> 24), (byte) (bobVideoSsrc >> 16), (byte) (bobVideoSsrc >> 8), (byte) bobVideoSsrc};
        bob.sendRtcp(pli);

        PictureLossIndication forwarded = awaitRtcp(alice, PictureLossIndication.class,
                p -> p.mediaSsrc() == VIDEO_SSRC);
        assertThat(forwarded.mediaSsrc()).as("translated to the publisher's SSRC").isEqualTo(VIDEO_SSRC);
    }

    @Test
    void aPacketRecoveredByRtxIsForwardedInItsPlace() throws Exception {
        int seq = 2000;
        alice.sendRtp(vp8(seq, true));
        byte[] k = bobReceives(bobVideoSsrc);
        alice.sendRtp(vp8(seq + 2, false)); // seq + 1 lost on alice's uplink
        byte[] after = bobReceives(bobVideoSsrc);
        assertThat(seq(after)).isEqualTo((seq(k) + 2) & 0xFFFF);

        // RFC 4588 §4: RTX payload = original sequence number, then the original payload.
        byte[] original = payload(vp8(seq + 1, false));
        byte[] rtxPayload = new byte[2 + original.length];
        rtxPayload[0] = (byte) ((seq + 1) >> 8);
        rtxPayload[1] = (byte) (seq + 1);
        System.arraycopy(original, 0, rtxPayload, 2, original.length);
        alice.sendRtp(rtp(97, RTX_SSRC, 7, 90_000 + (seq + 1) * 3000L, true, rtxPayload));

        byte[] recovered = bobReceives(bobVideoSsrc);
        assertThat(seq(recovered)).isEqualTo((seq(k) + 1) & 0xFFFF);
        assertThat(payload(recovered)).isEqualTo(original);
        assertThat(recovered[1] & 0x7F).as("sent as VP8, not as RTX").isEqualTo(96);
    }

    @Test
    void publisherSenderReportsAreTranslatedForTheSubscriber() throws Exception {
        byte[] out = audioReachesBob();
        byte[] sent = payload(out); // opus() puts the publisher's sequence number first in the payload
        int inSeq = ((sent[0] & 0xFF) << 8) | (sent[1] & 0xFF);
        long tsOffset = (ts(out) - ts(opus(inSeq))) & 0xFFFF_FFFFL;

        long ntp = 0xE8F0_1234_5678_9ABCL;
        long rtpTs = 4_000_000_000L;
        byte[] sr = new byte[28];
        sr[0] = (byte) 0x80;
        sr[1] = (byte) 200;
        sr[3] = 6;
        for (int i = 0; i < 4; i++) {
            sr[4 + i] = (byte) (AUDIO_SSRC >> (24 - 8 * i));
            sr[16 + i] = (byte) (rtpTs >> (24 - 8 * i));
        }
        for (int i = 0; i < 8; i++) {
            sr[8 + i] = (byte) (ntp >> (56 - 8 * i));
        }
        alice.sendRtcp(sr);

        SenderReport translated = awaitRtcp(bob, SenderReport.class, r -> r.ssrc() == bobAudioSsrc);
        assertThat(translated.ntpTimestamp()).isEqualTo(ntp);
        assertThat(translated.rtpTimestamp()).isEqualTo((rtpTs + tsOffset) & 0xFFFF_FFFFL);
        ReceiverReport rr = awaitRtcp(alice, ReceiverReport.class, r -> !r.reports().isEmpty());
        assertThat(rr.reports()).anySatisfy(r -> assertThat(r.ssrc()).isEqualTo(AUDIO_SSRC));
    }

    @Test
    void unpublishingStopsTheFlowAndTellsTheSubscriber() throws Exception {
        audioReachesBob();

        aliceSignal.ok("unpublish", Map.of("type", "main"));

        assertThat(bobSignal.awaitEvent("stream-removed").path("stream").path("userId").asText()).isEqualTo("alice");
        Thread.sleep(200);
        drain(bob);
        alice.sendRtp(opus(audioSeq++));
        Thread.sleep(300);
        assertThat(bob.pollRtp()).isNull();
    }
}
