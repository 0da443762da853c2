package dev.parley.bench;

import dev.parley.media.rtp.BigEndian;
import dev.parley.media.rtp.RtpPacket;
import dev.parley.media.rtp.RtpPacketBuilder;
import dev.parley.media.sdp.Codec;
import dev.parley.media.sdp.MediaKind;
import dev.parley.media.srtp.SrtpException;
import dev.parley.media.srtp.SrtpKeys;
import dev.parley.media.srtp.SrtpProfile;
import dev.parley.media.srtp.SrtpReceiver;
import dev.parley.media.srtp.SrtpSender;
import dev.parley.media.time.MediaClock;
import dev.parley.sfu.ForwardedCodec;
import dev.parley.sfu.TrackSource;
import dev.parley.sfu.downlink.Subscription;
import dev.parley.sfu.uplink.UplinkNegotiation;
import dev.parley.sfu.uplink.UplinkTrack;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The product's own forwarding path for one incoming 1100-byte VP8 packet fanned out to
 * {@code subscribers}: SRTP unprotect once, the RTP view, {@link UplinkTrack#onRtp} (the retransmission
 * buffer's copy, NACK bookkeeping, the fan-out), then per subscriber {@link Subscription#forward}
 * (the rewrite into the downlink's scratch buffer: SSRC, sequence number, timestamp, the transport-wide
 * extension, the VP8 descriptor) and SRTP protect. What it leaves out: the socket write (Netty's
 * buffer copy and flush, one per outgoing datagram) and the downlink estimator's per-packet record.
 * Divide by {@code subscribers} for the cost per forwarded packet; {@code -prof gc} gives bytes per op.
 *
 * <p>Run: {@code java -jar bench/target/parley-benchmarks.jar SubscriptionForwardingBenchmark -prof gc}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class SubscriptionForwardingBenchmark {
    private static final int PREPARED = 8192;
    private static final long PUBLISHER_SSRC = 0x1234_5678L;
    private static final int TRANSPORT_WIDE_ID = 3;

    @Param({"AEAD_AES_128_GCM", "AES128_CM_HMAC_SHA1_80"})
    public SrtpProfile profile;

    @Param({"1", "10"})
    public int subscribers;

    private SrtpKeys serverKeys;
    private SrtpReceiver receiver;
    private byte[][] sealed;
    private int[] sealedLength;
    private final byte[] in = new byte[1600];
    private final RtpPacket view = new RtpPacket();
    private UplinkTrack track;
    private int next;
    private int sequence = 1;

    /** A subscriber's downlink without the socket: stamps the transport-wide number and SRTP-protects. */
    static final class ProtectingDownlink implements Subscription.Downstream {
        private final SrtpSender sender;
        private final byte[] scratch = new byte[TrackSource.SLOT_BYTES + 64];
        private int transportWideSeq;
        long bytes;

        ProtectingDownlink(SrtpSender sender) {
            this.sender = sender;
        }

        @Override
        public void sendRtp(byte[] buf, int off, int len) {
            bytes += sender.protectRtp(buf, off, len);
        }

        @Override
        public void sendRtp(byte[] buf, int off, int len, int transportWideSeqAt) {
            if (transportWideSeqAt >= 0) {
                BigEndian.putUint16(buf, off + transportWideSeqAt, transportWideSeq);
                transportWideSeq = (transportWideSeq + 1) & 0xFFFF;
            }
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
            return TRANSPORT_WIDE_ID;
        }
    }

    /** The publisher's side of RTCP: NACKs and PLIs go nowhere here. */
    static final class SilentPublisher implements UplinkTrack.PublisherFeedback {
        @Override
        public void send(dev.parley.media.rtcp.RtcpPacket packet) {
        }

        @Override
        public boolean connected() {
            return true;
        }

        @Override
        public long localSsrc() {
            return 1;
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Random r = new Random(7);
        byte[] material = new byte[profile.keyingMaterialLength()];
        r.nextBytes(material);
        SrtpSender browser = SrtpKeys.fromExporter(profile, material, true).newSender();
        serverKeys = SrtpKeys.fromExporter(profile, material, false);
        receiver = serverKeys.newReceiver(1024);
        byte[] payload = new byte[1100];
        r.nextBytes(payload);
        payload[0] = 0x10; // VP8 descriptor, S=1 (RFC 7741 §4.2)
        sealed = new byte[PREPARED][];
        sealedLength = new int[PREPARED];
        for (int i = 0; i < PREPARED; i++) {
            payload[1] = (byte) (i == 0 ? 0x00 : 0x01); // the first is a keyframe (P bit 0), so forwarding starts
            byte[] p = new RtpPacketBuilder().payloadType(96).sequenceNumber(i).timestamp(3000L * (i / 4))
                    .ssrc(PUBLISHER_SSRC).payload(payload).build();
            byte[] buf = new byte[p.length + 64];
            System.arraycopy(p, 0, buf, 0, p.length);
            sealedLength[i] = browser.protectRtp(buf, 0, p.length);
            sealed[i] = buf;
        }
        MediaClock clock = MediaClock.system();
        track = new UplinkTrack(new UplinkNegotiation.TrackSpec(MediaKind.VIDEO, "1", ForwardedCodec.VP8, 96,
                OptionalInt.empty(), Codec.of(96, "VP8", 90000, OptionalInt.empty()),
                OptionalLong.of(PUBLISHER_SSRC), OptionalLong.empty()), "bench-video", clock, new SilentPublisher());
        for (int s = 0; s < subscribers; s++) {
            byte[] k = new byte[profile.keyingMaterialLength()];
            r.nextBytes(k);
            Subscription sub = new Subscription(track, "s1", "s1-video-" + s,
                    new ProtectingDownlink(SrtpKeys.fromExporter(profile, k, false).newSender()));
            sub.activate();
        }
    }

    @Benchmark
    public int forward() throws SrtpException, Exception {
        int i = next++ & (PREPARED - 1);
        if (i == 0 && next > 1) {
            receiver = serverKeys.newReceiver(1024); // a fresh replay window per lap over the prepared packets
            return 0;
        }
        System.arraycopy(sealed[i], 0, in, 0, sealedLength[i]);
        int len = receiver.unprotectRtp(in, 0, sealedLength[i]);
        // The track sees one continuing stream across laps: sequence numbers and timestamps keep rising.
        int seq = sequence++ & 0xFFFF;
        BigEndian.putUint16(in, 2, seq);
        BigEndian.putUint32(in, 4, 3000L * (sequence / 4));
        view.wrap(in, 0, len);
        track.onRtp(view, false);
        return len;
    }
}
