package dev.parley.bench;

import dev.parley.media.cc.SendSideBandwidthEstimator;
import dev.parley.media.rtcp.TransportLayerCc;
import dev.parley.media.rtcp.TransportLayerCcBuilder;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The send-side bandwidth estimator's cost per subscriber downlink: one invocation records 100 sent
 * packets ({@code onPacketSent}) and processes the transport-cc feedback that reports them
 * ({@code onFeedback}: lookup, loss, acked bitrate, grouping, trendline, over-use detection, rate
 * control), as the SFU does every ~100 ms for a 1 Mbit/s downlink. Divide by 100 for the cost per packet.
 *
 * <p>The feedback packets are prebuilt for the whole 16-bit sequence cycle (16384 feedbacks of 100
 * packets), so every invocation reports fresh packets; one in 20 is lost, arrivals jitter by up to
 * 1.5 ms. Run: {@code java -jar bench/target/parley-benchmarks.jar BandwidthEstimatorBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
public class BandwidthEstimatorBenchmark {
    private static final int PACKETS = 100;
    /** lcm(100, 65536) / 100: after this many feedbacks the sequence numbers repeat. */
    private static final int FEEDBACKS = 16_384;
    private static final long SEND_INTERVAL_MICROS = 1_000;

    private TransportLayerCc[] feedback;
    private SendSideBandwidthEstimator estimator;
    private long round;

    @Setup(Level.Trial)
    public void setUp() {
        feedback = new TransportLayerCc[FEEDBACKS];
        for (int f = 0; f < FEEDBACKS; f++) {
            TransportLayerCcBuilder b = TransportLayerCc.builder(1, 2, f);
            for (int i = 0; i < PACKETS; i++) {
                long n = (long) f * PACKETS + i;
                long arrival = 30_000_000L + n * SEND_INTERVAL_MICROS + (n * 7919 % 7) * 250;
                b.add((int) (n & 0xFFFF), n % 20 == 19 ? TransportLayerCc.NOT_RECEIVED : arrival);
            }
            feedback[f] = b.build();
        }
        estimator = new SendSideBandwidthEstimator(30_000, 20_000_000, 1_000_000);
    }

    @Benchmark
    public long sendHundredPacketsAndProcessTheirFeedback() {
        long base = round * PACKETS;
        for (int i = 0; i < PACKETS; i++) {
            long n = base + i;
            estimator.onPacketSent((int) (n & 0xFFFF), 1200, n * SEND_INTERVAL_MICROS, -1);
        }
        // At the end of each sequence cycle the arrival times jump back once: a (handled) clock jump.
        estimator.onFeedback(feedback[(int) (round % FEEDBACKS)], (base + PACKETS) * SEND_INTERVAL_MICROS + 50_000);
        round++;
        return estimator.estimateBps();
    }
}
