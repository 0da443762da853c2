package dev.parley.bench;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
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
 * Where a sending media loop should put a packet's AES-GCM output (RFC 7714, as SRTP's AEAD_AES_128_GCM:
 * a 12-byte header as associated data, 1,200 bytes of payload, a fresh IV per packet): in place in the heap
 * array and then copied into the direct buffer the socket writes from (what {@code SendingLoop} does), or
 * straight into the direct buffer through the JCA's {@code ByteBuffer} API ("protect straight into the
 * outbound buffer", issue 14). Both end with the same bytes in a direct buffer.
 *
 * <p>Run: {@code java -jar bench/target/parley-benchmarks.jar GcmOutboundBufferBenchmark -prof gc}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class GcmOutboundBufferBenchmark {
    private static final int HEADER = 12;
    private static final int PAYLOAD = 1200;
    private static final int TAG = 16;

    private Cipher cipher;
    private SecretKeySpec key;
    private final byte[] iv = new byte[12];
    private byte[] plain;
    private byte[] work;
    private ByteBuffer direct;
    private long counter;

    @Setup
    public void setUp() throws Exception {
        Random r = new Random(7714);
        byte[] k = new byte[16];
        r.nextBytes(k);
        key = new SecretKeySpec(k, "AES");
        cipher = Cipher.getInstance("AES/GCM/NoPadding");
        plain = new byte[HEADER + PAYLOAD];
        r.nextBytes(plain);
        work = new byte[HEADER + PAYLOAD + TAG];
        direct = ByteBuffer.allocateDirect(HEADER + PAYLOAD + TAG);
    }

    private GCMParameterSpec nextIv() {
        long c = ++counter; // a new IV per packet, as SRTP's index makes one
        for (int i = 0; i < 8; i++) {
            iv[11 - i] = (byte) (c >>> (8 * i));
        }
        return new GCMParameterSpec(TAG * 8, iv);
    }

    /** Today's path: seal in place in the heap array, then copy the datagram into the direct buffer. */
    @Benchmark
    public ByteBuffer inPlaceThenCopy() throws Exception {
        System.arraycopy(plain, 0, work, 0, plain.length);
        cipher.init(Cipher.ENCRYPT_MODE, key, nextIv());
        cipher.updateAAD(work, 0, HEADER);
        int n = cipher.doFinal(work, HEADER, PAYLOAD, work, HEADER);
        direct.clear();
        direct.put(work, 0, HEADER + n);
        return direct;
    }

    /** Sealed straight into the direct buffer: header copied, payload encrypted from the heap into it. */
    @Benchmark
    public ByteBuffer straightIntoDirect() throws Exception {
        System.arraycopy(plain, 0, work, 0, plain.length);
        cipher.init(Cipher.ENCRYPT_MODE, key, nextIv());
        cipher.updateAAD(work, 0, HEADER);
        direct.clear();
        direct.put(work, 0, HEADER);
        cipher.doFinal(ByteBuffer.wrap(work, HEADER, PAYLOAD), direct);
        return direct;
    }
}
