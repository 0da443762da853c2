package dev.parley.usersig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.parley.usersig.UserSigException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

class BoundedZlibTest {

    private static String refusalMessage(byte[] stream, int max) {
        UserSigException e = catchThrowableOfType(UserSigException.class, () -> BoundedZlib.inflate(stream, max));
        assertThat(e).isNotNull();
        assertThat(e.reason()).isEqualTo(Reason.MALFORMED);
        return e.getMessage();
    }

    @Test
    void roundTripsSmallAndLargeData() throws Exception {
        byte[] small = "{\"TLS.ver\":\"2.0\"}".getBytes(StandardCharsets.UTF_8);
        byte[] large = new byte[50_000];
        for (int i = 0; i < large.length; i++) {
            large[i] = (byte) (i * 31 + i / 7);
        }

        assertThat(BoundedZlib.inflate(BoundedZlib.deflate(small), 100)).isEqualTo(small);
        assertThat(BoundedZlib.inflate(BoundedZlib.deflate(large), 50_000)).isEqualTo(large);
        assertThat(BoundedZlib.inflate(BoundedZlib.deflate(new byte[0]), 0)).isEmpty();
    }

    @Test
    void refusesOutputOneByteOverTheCap() {
        assertThat(refusalMessage(BoundedZlib.deflate(new byte[101]), 100)).contains("more than 100 bytes");
    }

    @Test
    void stopsAtTheCapOnAHundredMegabyteBomb() {
        // 100 MB of zeros in about 100 KB; only the cap's worth is ever inflated.
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        byte[] zeros = new byte[1 << 20];
        byte[] chunk = new byte[1 << 16];
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < 100; i++) {
            deflater.setInput(zeros);
            while (!deflater.needsInput()) {
                out.write(chunk, 0, deflater.deflate(chunk));
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            out.write(chunk, 0, deflater.deflate(chunk));
        }
        deflater.end();

        assertThat(refusalMessage(out.toByteArray(), SigDocument.MAX_JSON_BYTES)).contains("more than 65536 bytes");
    }

    @Test
    void refusesEveryTruncation() {
        byte[] stream = BoundedZlib.deflate("{\"TLS.identifier\":\"alice\"}".getBytes(StandardCharsets.UTF_8));
        for (int length = 0; length < stream.length; length++) {
            refusalMessage(Arrays.copyOf(stream, length), 1000);
        }
    }

    @Test
    void refusesBytesAfterTheStream() {
        byte[] stream = BoundedZlib.deflate("abc".getBytes(StandardCharsets.UTF_8));

        assertThat(refusalMessage(Arrays.copyOf(stream, stream.length + 1), 1000)).contains("1 bytes after");
    }

    @Test
    void refusesAWrongChecksum() {
        byte[] stream = BoundedZlib.deflate("abcdef".getBytes(StandardCharsets.UTF_8));
        stream[stream.length - 1] ^= 1;

        assertThat(refusalMessage(stream, 1000)).contains("not a valid zlib stream");
    }

    @Test
    void refusesRawDeflateWithoutTheZlibHeader() {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput("abcdefabcdef".getBytes(StandardCharsets.UTF_8));
        deflater.finish();
        byte[] raw = new byte[100];
        int n = deflater.deflate(raw);
        deflater.end();

        refusalMessage(Arrays.copyOf(raw, n), 1000);
    }

    @Test
    void refusesAStreamNeedingAPresetDictionary() {
        Deflater deflater = new Deflater();
        deflater.setDictionary("TLS.identifier".getBytes(StandardCharsets.UTF_8));
        deflater.setInput("TLS.identifier TLS.identifier".getBytes(StandardCharsets.UTF_8));
        deflater.finish();
        byte[] out = new byte[100];
        int n = deflater.deflate(out);
        deflater.end();

        assertThat(refusalMessage(Arrays.copyOf(out, n), 1000)).contains("preset dictionary");
    }

    @Test
    void refusesSetPaddingBitsAfterTheLastBlockWhichZlibIgnores() throws Exception {
        int exercised = 0;
        for (int i = 0; i < 50; i++) {
            byte[] data = ("{\"TLS.identifier\":\"user" + i + "\",\"TLS.time\":" + (1795168800 + i) + "}")
                    .getBytes(StandardCharsets.UTF_8);
            byte[] stream = BoundedZlib.deflate(data);
            int last = stream.length - 5;
            for (int bit = 7; bit >= 0; bit--) {
                byte[] flipped = stream.clone();
                flipped[last] ^= (byte) (1 << bit);
                if (plainInflate(flipped).map(out -> Arrays.equals(out, data)).orElse(false)) {
                    exercised++;
                    refusalMessage(flipped, 1000);
                }
            }
            assertThat(BoundedZlib.inflate(stream, 1000)).isEqualTo(data);
        }
        assertThat(exercised).as("padding bits zlib itself ignores").isGreaterThan(50);
    }

    private static java.util.Optional<byte[]> plainInflate(byte[] stream) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(stream);
            byte[] out = new byte[1000];
            int n = inflater.inflate(out);
            return inflater.finished() && inflater.getRemaining() == 0
                    ? java.util.Optional.of(Arrays.copyOf(out, n)) : java.util.Optional.empty();
        } catch (DataFormatException e) {
            return java.util.Optional.empty();
        } finally {
            inflater.end();
        }
    }
}
