package dev.parley.bench;

import dev.parley.media.MalformedPacketException;
import dev.parley.media.rtp.RtpPacket;
import dev.parley.media.rtp.RtpPacketBuilder;
import dev.parley.media.srtp.SrtpException;
import dev.parley.media.srtp.SrtpKeys;
import dev.parley.media.srtp.SrtpProfile;
import dev.parley.media.srtp.SrtpReceiver;
import dev.parley.media.srtp.SrtpSender;
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
 * The SFU's per-packet work for one incoming video packet fanned out to {@code subscribers}: SRTP
 * unprotect once, parse the RTP view, then per subscriber copy, rewrite SSRC/sequence/timestamp and SRTP
 * protect (what {@code Subscription} and {@code WebRtcTransport} do, minus the socket write).
 * Divide by {@code subscribers} for the cost per outgoing packet.
 *
 * <p>Run: {@code java -jar bench/target/parley-benchmarks.jar ForwardingBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class ForwardingBenchmark {
    private static final int PREPARED = 8192;

    @Param({"AEAD_AES_128_GCM", "AES128_CM_HMAC_SHA1_80"})
    public SrtpProfile profile;

    @Param({"1", "10"})
    public int subscribers;

    private SrtpKeys serverKeys;
    private SrtpReceiver receiver;
    private SrtpSender[] senders;
    private byte[][] sealed;
    private int[] sealedLength;
    private final byte[] in = new byte[1600];
    private final byte[] out = new byte[1600];
    private final RtpPacket view = new RtpPacket();
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        Random r = new Random(7);
        byte[] material = new byte[profile.keyingMaterialLength()];
        r.nextBytes(material);
        SrtpKeys publisher = SrtpKeys.fromExporter(profile, material, true);
        SrtpKeys server = SrtpKeys.fromExporter(profile, material, false);
        SrtpSender browser = publisher.newSender();
        byte[] payload = new byte[1100];
        r.nextBytes(payload);
        sealed = new byte[PREPARED][];
        sealedLength = new int[PREPARED];
        for (int i = 0; i < PREPARED; i++) {
            byte[] p = new RtpPacketBuilder().payloadType(96).sequenceNumber(i).timestamp(3000L * (i / 4))
                    .ssrc(0x1234_5678L).extension(3, new byte[] {0, (byte) i}).payload(payload).build();
            byte[] buf = new byte[p.length + 64];
            System.arraycopy(p, 0, buf, 0, p.length);
            sealedLength[i] = browser.protectRtp(buf, 0, p.length);
            sealed[i] = buf;
        }
        serverKeys = server;
        receiver = server.newReceiver(1024);
        senders = new SrtpSender[subscribers];
        for (int s = 0; s < subscribers; s++) {
            byte[] k = new byte[profile.keyingMaterialLength()];
            r.nextBytes(k);
            senders[s] = SrtpKeys.fromExporter(profile, k, false).newSender();
        }
    }

    @Benchmark
    public int forward() throws SrtpException, MalformedPacketException {
        int i = next++ & (PREPARED - 1);
        if (i == 0 && next > 1) {
            receiver = serverKeys.newReceiver(1024); // a fresh replay window per lap over the prepared packets
            return 0;
        }
        System.arraycopy(sealed[i], 0, in, 0, sealedLength[i]);
        int len = receiver.unprotectRtp(in, 0, sealedLength[i]);
        view.wrap(in, 0, len);
        int total = 0;
        for (int s = 0; s < senders.length; s++) {
            System.arraycopy(in, 0, out, 0, len);
            int seq = (view.sequenceNumber() + 1000 * s) & 0xFFFF;
            out[2] = (byte) (seq >>> 8);
            out[3] = (byte) seq;
            long ssrc = 0x1000L + s;
            out[8] = (byte) (ssrc >>> 24);
            out[9] = (byte) (ssrc >>> 16);
            out[10] = (byte) (ssrc >>> 8);
            out[11] = (byte) ssrc;
            total += senders[s].protectRtp(out, 0, len);
        }
        return total;
    }
}
