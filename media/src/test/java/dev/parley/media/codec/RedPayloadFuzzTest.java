package dev.parley.media.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.media.MalformedPacketException;

/**
 * RFC 2198 payloads from arbitrary bytes: only {@link MalformedPacketException} escapes; whatever parses has
 * blocks that cover exactly the payload after its headers, in order and without overlap; the header bytes
 * re-serialised from the parsed fields equal the input's; rewriting payload types and back changes nothing.
 *
 * <p>Corpus: {@code src/test/resources/dev/parley/media/codec/RedPayloadFuzzTestInputs/payloads/}.
 */
class RedPayloadFuzzTest {
    @FuzzTest
    void payloads(byte[] data) {
        RedPayload red;
        try {
            red = RedPayload.parse(data, 0, data.length);
        } catch (MalformedPacketException rejected) {
            return; // checked, as required
        }
        int n = red.blockCount();
        assertThat(n).isBetween(1, RedPayload.MAX_BLOCKS);
        int at = red.headerLength();
        for (int i = 0; i < n; i++) {
            assertThat(red.dataOffset(i)).as("block %d starts where the previous ended", i).isEqualTo(at);
            assertThat(red.dataLength(i)).isNotNegative();
            at += red.dataLength(i);
        }
        assertThat(at).as("the blocks end where the payload ends").isEqualTo(data.length);

        int[] types = new int[n - 1];
        int[] offsets = new int[n - 1];
        int[] lengths = new int[n - 1];
        for (int i = 0; i < n - 1; i++) {
            types[i] = red.payloadType(i);
            offsets[i] = red.timestampOffset(i);
            lengths[i] = red.dataLength(i);
        }
        byte[] header = new byte[red.headerLength()];
        RedPayload.writeHeader(header, 0, types, offsets, lengths, red.primaryPayloadType());
        for (int i = 0; i < header.length; i++) {
            assertThat(header[i]).as("header byte %d re-serialised", i).isEqualTo(data[i]);
        }

        byte[] before = data.clone();
        int from = red.primaryPayloadType();
        int to = from == 127 ? 0 : 127;
        boolean clash = false;
        for (int i = 0; i < n; i++) {
            clash |= red.payloadType(i) == to;
        }
        int rewritten = red.rewritePayloadTypes(from, to);
        assertThat(rewritten).isPositive();
        assertThat(red.primaryPayloadType()).isEqualTo(to);
        if (!clash) {
            red.rewritePayloadTypes(to, from);
            assertThat(data).isEqualTo(before);
        }
    }
}
