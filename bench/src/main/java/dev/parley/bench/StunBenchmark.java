package dev.parley.bench;

import dev.parley.media.stun.IceCheckResult;
import dev.parley.media.stun.IceCredentials;
import dev.parley.media.stun.IceLiteAgent;
import dev.parley.media.stun.MessageIntegrity;
import dev.parley.media.stun.StunAttribute;
import dev.parley.media.stun.StunMessage;
import dev.parley.media.stun.StunMessageBuilder;
import dev.parley.media.stun.StunMessageType;
import dev.parley.media.stun.StunParseException;
import dev.parley.media.stun.TransactionId;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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

/**
 * The cost of ICE on the server: answering one connectivity check (parse, USERNAME match,
 * MESSAGE-INTEGRITY and FINGERPRINT verification, success response with XOR-MAPPED-ADDRESS,
 * MESSAGE-INTEGRITY and FINGERPRINT), and the routing peeks the port mux runs on the first datagram
 * from an unknown address. The check looks like Chrome's: USERNAME, GOOG-NETWORK-INFO, ICE-CONTROLLING,
 * USE-CANDIDATE, PRIORITY, MESSAGE-INTEGRITY, FINGERPRINT.
 *
 * <p>Run: {@code java -jar bench/target/parley-benchmarks.jar StunBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
public class StunBenchmark {
    private static final IceCredentials SERVER = new IceCredentials("Xq3vT9kP", "a7Fj2kLm9QwErTyUiOp0Zx1c");
    private static final InetSocketAddress BROWSER = new InetSocketAddress("203.0.113.50", 54321);

    private IceLiteAgent agent;
    private byte[] check;

    @Setup
    public void setUp() {
        agent = new IceLiteAgent(SERVER, Optional.of("b9Kz"),
                Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC));
        check = new StunMessageBuilder(StunMessageType.BINDING_REQUEST,
                new TransactionId(0x5a5a_1234_9876_abcdL, 0x0badf00d))
                .username(SERVER.ufrag() + ":b9Kz")
                .attribute(new StunAttribute(0xC057, new byte[] {0, 1, 0, 10}))
                .iceControlling(0x1122_3344_5566_7788L)
                .useCandidate()
                .priority(1_853_824_767L)
                .messageIntegrity(MessageIntegrity.shortTerm(SERVER.password()))
                .fingerprint()
                .build();
        IceCheckResult warm = agent.handle(check, 0, check.length, BROWSER);
        if (warm.verdict() != IceCheckResult.Verdict.SUCCESS) {
            throw new IllegalStateException("benchmark check not accepted: " + warm.verdict());
        }
    }

    /** Parse, authenticate and answer one check: the whole per-check cost on the server. */
    @Benchmark
    public IceCheckResult answerConnectivityCheck() {
        return agent.handle(check, 0, check.length, BROWSER);
    }

    /** The full parse alone (header, attribute walk and validation), without crypto. */
    @Benchmark
    public StunMessage parse() throws StunParseException {
        return StunMessage.parse(check, 0, check.length);
    }

    /** The port mux's routing key for a first datagram: the local ufrag, without a full parse. */
    @Benchmark
    public Optional<String> peekLocalUfrag() {
        return StunMessage.peekLocalUfrag(check, 0, check.length);
    }

    /** The RFC 7983 demultiplexing test run on every datagram. */
    @Benchmark
    public boolean looksLikeStun() {
        return StunMessage.looksLikeStun(check, 0, check.length);
    }
}
