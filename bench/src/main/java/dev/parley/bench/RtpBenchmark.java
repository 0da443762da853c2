package dev.parley.bench;

import dev.parley.media.MalformedPacketException;
import dev.parley.media.rtp.AbsSendTime;
import dev.parley.media.rtp.AudioLevel;
import dev.parley.media.rtp.RtpPacket;
import dev.parley.media.rtp.RtpPacketBuilder;
import dev.parley.media.rtp.SdesMid;
import dev.parley.media.rtp.TransportWideSequenceNumber;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The RTP view on the SFU's per-packet path: wrapping a typical 1200-byte video packet carrying three
 * one-byte header extensions (abs-send-time, transport-wide sequence number, MID), finding one
 * extension by id, and the per-subscriber rewrite of SSRC, sequence number and timestamp.
 * All three should allocate nothing; run with {@code -prof gc} to check.
 *
 * <p>{@code java -jar bench/target/parley-benchmarks.jar RtpBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
public class RtpBenchmark {
    private static final int ABS_SEND_TIME_ID = 2;
    private static final int TWCC_ID = 3;
    private static final int MID_ID = 4;
    private static final int SRTP_TAG_ROOM = 16;

    private byte[] buffer;
    private int length;
    private RtpPacket packet;
    private int sequence;

    @Setup
    public void setUp() throws MalformedPacketException {
        RtpPacketBuilder builder = new RtpPacketBuilder()
                .payloadType(96).sequenceNumber(1000).timestamp(90_000).ssrc(0x1234_5678L).marker(false)
                .extension(ABS_SEND_TIME_ID, AbsSendTime.encode(AbsSendTime.fromMicros(1_234_567)))
                .extension(TWCC_ID, TransportWideSequenceNumber.encode(42))
                .extension(MID_ID, SdesMid.encode("1"));
        byte[] payload = new byte[1200 - builder.length()];
        payload[0] = (byte) 0x90; // a VP8 payload descriptor would start here; content is irrelevant
        builder.payload(payload);
        length = builder.length();
        buffer = new byte[length + SRTP_TAG_ROOM];
        builder.write(buffer, 0);
        packet = new RtpPacket().wrap(buffer, 0, length);
        if (packet.length() != 1200 || !packet.hasOneByteExtensions()) {
            throw new IllegalStateException("benchmark packet is not a 1200-byte packet with one-byte extensions");
        }
    }

    /** Re-pointing a reused view: header validation and extension-block walk. */
    @Benchmark
    public RtpPacket wrap() throws MalformedPacketException {
        return packet.wrap(buffer, 0, length);
    }

    /** Reading the transport-wide sequence number (second of three elements). */
    @Benchmark
    public int readTransportWideSequenceNumber() {
        return TransportWideSequenceNumber.read(packet, TWCC_ID);
    }

    /** Looking for an extension that is absent (audio level on a video packet): a full walk. */
    @Benchmark
    public int readAbsentExtension() {
        return AudioLevel.read(packet, 1);
    }

    /** The SFU's per-subscriber rewrite of SSRC, sequence number and timestamp in place. */
    @Benchmark
    public long rewriteSsrcSequenceTimestamp() {
        int seq = ++sequence;
        packet.setSsrc(0xCAFE_BABEL);
        packet.setSequenceNumber(seq);
        packet.setTimestamp(90_000L + 3000L * seq);
        return packet.timestamp();
    }
}
