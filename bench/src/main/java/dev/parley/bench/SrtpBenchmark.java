package dev.parley.bench;

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
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * SRTP protect and unprotect of one RTP packet (12-byte header, {@code payload} bytes), and SRTCP
 * protect of one 80-byte compound, per profile.
 *
 * <p>Reference: pion/srtp protects 1000 bytes in 5.4 µs with AES-CM/HMAC-SHA1 and 0.74 µs with
 * AES-GCM. {@code unprotectRtp} includes copying a pre-protected packet into the work buffer (decryption
 * is in place, and replay protection forbids decrypting the same index twice); {@code copyBaseline}
 * measures that copy alone. Every 4096 packets it also builds a new receiver (amortised, a few ns).
 *
 * <p>Run: {@code java -jar bench/target/parley-benchmarks.jar SrtpBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
public class SrtpBenchmark {
    private static final int HEADER = 12;
    private static final int SSRC = 0x5EED_CAFE;
    private static final int PREPARED = 4096;

    /** RTP, per profile and payload size. */
    @State(Scope.Thread)
    public static class Rtp {
        @Param({"AES128_CM_HMAC_SHA1_80", "AEAD_AES_128_GCM"})
        public SrtpProfile profile;

        @Param({"100", "1200"})
        public int payload;

        SrtpKeys keys;
        SrtpSender sender;
        SrtpReceiver receiver;
        byte[] work;
        int plainLength;
        int seq;
        byte[][] sealed;
        int[] sealedLength;
        int next;

        @Setup
        public void setUp() {
            byte[] material = new byte[profile.keyingMaterialLength()];
            new Random(1).nextBytes(material);
            keys = SrtpKeys.fromExporter(profile, material, true);
            sender = keys.newSender();
            plainLength = HEADER + payload;
            work = rtpPacket(0, plainLength, profile.rtpOverhead());

            SrtpSender peer = keys.newSender();
            sealed = new byte[PREPARED][];
            sealedLength = new int[PREPARED];
            for (int i = 0; i < PREPARED; i++) {
                sealed[i] = rtpPacket(i, plainLength, profile.rtpOverhead());
                sealedLength[i] = peer.protectRtp(sealed[i], 0, plainLength);
            }
            receiver = loopbackReceiver();
        }

        SrtpReceiver loopbackReceiver() {
            return SrtpReceiver.create(profile, keys.localKey(), keys.localSalt(), SrtpReceiver.DEFAULT_REPLAY_WINDOW);
        }
    }

    /** RTCP, per profile. */
    @State(Scope.Thread)
    public static class Rtcp {
        @Param({"AES128_CM_HMAC_SHA1_80", "AEAD_AES_128_GCM"})
        public SrtpProfile rtcpProfile;

        SrtpSender sender;
        byte[] work;

        @Setup
        public void setUp() {
            byte[] material = new byte[rtcpProfile.keyingMaterialLength()];
            new Random(2).nextBytes(material);
            sender = SrtpKeys.fromExporter(rtcpProfile, material, true).newSender();
            work = new byte[80 + rtcpProfile.rtcpOverhead()];
            work[0] = (byte) 0x81;
            work[1] = (byte) 200;
            work[3] = 19;
        }
    }

    @Benchmark
    public int protectRtp(Rtp state) {
        // Re-encrypting the same bytes is as costly as fresh ones; only the sequence number must move.
        int seq = ++state.seq & 0xFFFF;
        state.work[2] = (byte) (seq >>> 8);
        state.work[3] = (byte) seq;
        return state.sender.protectRtp(state.work, 0, state.plainLength);
    }

    @Benchmark
    public int unprotectRtp(Rtp state) throws SrtpException {
        int i = state.next;
        if (i == PREPARED) {
            // Every prepared index has been accepted once: start over with a receiver that has seen none.
            i = 0;
            state.receiver = state.loopbackReceiver();
        }
        state.next = i + 1;
        System.arraycopy(state.sealed[i], 0, state.work, 0, state.sealedLength[i]);
        return state.receiver.unprotectRtp(state.work, 0, state.sealedLength[i]);
    }

    @Benchmark
    public byte[] copyBaseline(Rtp state) {
        int i = state.next++ & (PREPARED - 1);
        System.arraycopy(state.sealed[i], 0, state.work, 0, state.sealedLength[i]);
        return state.work;
    }

    @Benchmark
    public int protectRtcp(Rtcp state) {
        return state.sender.protectRtcp(state.work, 0, 80);
    }

    private static byte[] rtpPacket(int seq, int length, int headroom) {
        byte[] packet = new byte[length + headroom];
        packet[0] = (byte) 0x80;
        packet[1] = 111;
        packet[2] = (byte) (seq >>> 8);
        packet[3] = (byte) seq;
        packet[8] = (byte) (SSRC >>> 24);
        packet[9] = (byte) (SSRC >>> 16);
        packet[10] = (byte) (SSRC >>> 8);
        packet[11] = (byte) SSRC;
        for (int i = HEADER; i < length; i++) {
            packet[i] = (byte) i;
        }
        return packet;
    }
}
