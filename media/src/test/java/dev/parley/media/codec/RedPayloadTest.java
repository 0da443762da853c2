package dev.parley.media.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.media.MalformedPacketException;
import dev.parley.media.rtp.Hex;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** RFC 2198 §3 payloads built by hand, bit by bit, and the malformed ones a publisher could send. */
class RedPayloadTest {
    private static RedPayload parse(String hex) throws MalformedPacketException {
        byte[] b = Hex.bytes(hex);
        return RedPayload.parse(b, 0, b.length);
    }

    @Test
    void readsTheRfcExampleShapeOfOneRedundantLpcBlockAndADvi4Primary() throws Exception {
        // RFC 2198 §3's figure: a redundant LPC block (PT 7, 14 bytes) then the DVI4 primary (PT 5, 84 bytes).
        // Offset 160 = 20 ms at 8 kHz: 1|0000111 | 00000010 100000|00 | 00001110.
        byte[] payload = new byte[5 + 14 + 84];
        byte[] header = Hex.bytes("87 02 80 0e 05");
        System.arraycopy(header, 0, payload, 0, 5);
        Arrays.fill(payload, 5, 19, (byte) 0x11);
        Arrays.fill(payload, 19, payload.length, (byte) 0x22);
        RedPayload red = RedPayload.parse(payload, 0, payload.length);
        assertThat(red.blockCount()).isEqualTo(2);
        assertThat(red.headerLength()).isEqualTo(5);
        assertThat(red.payloadType(0)).isEqualTo(7);
        assertThat(red.timestampOffset(0)).isEqualTo(160);
        assertThat(red.dataOffset(0)).isEqualTo(5);
        assertThat(red.dataLength(0)).isEqualTo(14);
        assertThat(red.primaryIndex()).isEqualTo(1);
        assertThat(red.primaryPayloadType()).isEqualTo(5);
        assertThat(red.timestampOffset(1)).isZero();
        assertThat(red.primaryOffset()).isEqualTo(19);
        assertThat(red.primaryLength()).isEqualTo(84);
    }

    @Test
    void readsAPrimaryOnlyPayloadAsOneBlockAfterAOneByteHeader() throws Exception {
        RedPayload red = parse("6f fc ff fe");
        assertThat(red.blockCount()).isEqualTo(1);
        assertThat(red.primaryPayloadType()).isEqualTo(111);
        assertThat(red.primaryOffset()).isEqualTo(1);
        assertThat(red.primaryLength()).isEqualTo(3);
    }

    @Test
    void readsChromesOpusRedWithTwoRedundantBlocksAtTheMaximumOffsetAndLength() throws Exception {
        // 1|1101111 (111), offset 16383 = 0x3fff, length 1023 = 0x3ff: ff ff ff ff after the F/PT byte's ef.
        byte[] payload = new byte[9 + 1023 + 2 + 3];
        int n = RedPayload.writeHeader(payload, 0, new int[] {111, 111}, new int[] {16383, 960}, new int[] {1023, 2}, 111);
        assertThat(n).isEqualTo(9);
        assertThat(Arrays.copyOf(payload, 9)).isEqualTo(Hex.bytes("ef ff ff ff ef 0f 00 02 6f"));
        RedPayload red = RedPayload.parse(payload, 0, payload.length);
        assertThat(red.blockCount()).isEqualTo(3);
        assertThat(red.timestampOffset(0)).isEqualTo(16383);
        assertThat(red.dataLength(0)).isEqualTo(1023);
        assertThat(red.timestampOffset(1)).isEqualTo(960);
        assertThat(red.dataOffset(1)).isEqualTo(9 + 1023);
        assertThat(red.dataLength(1)).isEqualTo(2);
        assertThat(red.primaryOffset()).isEqualTo(9 + 1023 + 2);
        assertThat(red.primaryLength()).isEqualTo(3);
        assertThat(red.allBlocksOfType(111)).isTrue();
    }

    @Test
    void acceptsAnEmptyPrimaryAfterItsRedundantBlock() throws Exception {
        RedPayload red = parse("ef 0f 00 02 6f aa bb");
        assertThat(red.blockCount()).isEqualTo(2);
        assertThat(red.primaryLength()).isZero();
        assertThat(red.primaryOffset()).isEqualTo(7);
    }

    @Test
    void rewritesOnlyTheHeadersOfTheGivenPayloadTypeAndKeepsEverythingElse() throws Exception {
        // Firefox's Opus is 109 (0x6d): redundant 109, redundant 13 (comfort noise), primary 109.
        byte[] b = Hex.bytes("ed 0f 00 01 8d 1e 00 01 6d aa bb cc dd");
        RedPayload red = RedPayload.parse(b, 0, b.length);
        assertThat(red.allBlocksOfType(109)).isFalse();
        assertThat(red.rewritePayloadTypes(109, 111)).isEqualTo(2);
        assertThat(b).isEqualTo(Hex.bytes("ef 0f 00 01 8d 1e 00 01 6f aa bb cc dd"));
        assertThat(red.payloadType(0)).isEqualTo(111);
        assertThat(red.payloadType(1)).isEqualTo(13);
        assertThat(red.timestampOffset(1)).isEqualTo(1920);
        assertThat(red.primaryPayloadType()).isEqualTo(111);
        assertThat(red.rewritePayloadTypes(109, 111)).isZero();
    }

    @Test
    void readsAViewInsideALargerBuffer() throws Exception {
        byte[] b = Hex.bytes("00 00 00 ef 00 04 01 6f 55 66 77 99 99");
        RedPayload red = new RedPayload().wrap(b, 3, 8);
        assertThat(red.dataOffset(0)).isEqualTo(8);
        assertThat(red.timestampOffset(0)).isEqualTo(1);
        assertThat(red.dataLength(0)).isEqualTo(1);
        assertThat(red.primaryOffset()).isEqualTo(9);
        assertThat(red.primaryLength()).isEqualTo(2);
    }

    @Test
    void rejectsAnEmptyPayload() {
        assertThatThrownBy(() -> parse("")).isInstanceOf(MalformedPacketException.class);
    }

    @Test
    void rejectsPayloadsWhoseHeadersAreCutOff() {
        assertThatThrownBy(() -> parse("ef")).isInstanceOf(MalformedPacketException.class);
        assertThatThrownBy(() -> parse("ef 00 00")).isInstanceOf(MalformedPacketException.class);
        assertThatThrownBy(() -> parse("ef 00 00 00")).as("no final header").isInstanceOf(MalformedPacketException.class);
    }

    @Test
    void rejectsRedundantLengthsThatRunPastTheEnd() {
        assertThatThrownBy(() -> parse("ef 00 00 03 6f aa bb")).isInstanceOf(MalformedPacketException.class);
        assertThatThrownBy(() -> parse("ef 00 03 ff ef 00 03 ff 6f aa")).isInstanceOf(MalformedPacketException.class);
    }

    @Test
    void rejectsMoreThanSixteenBlocks() throws Exception {
        byte[] seventeen = new byte[16 * 4 + 1];
        for (int i = 0; i < 16; i++) {
            seventeen[4 * i] = (byte) 0xef;
        }
        seventeen[64] = 0x6f;
        assertThatThrownBy(() -> RedPayload.parse(seventeen, 0, seventeen.length))
                .isInstanceOf(MalformedPacketException.class).hasMessageContaining("16");
        byte[] sixteen = Arrays.copyOfRange(seventeen, 4, seventeen.length);
        assertThat(RedPayload.parse(sixteen, 0, sixteen.length).blockCount()).isEqualTo(16);
    }

    @Test
    void aFailedWrapLeavesTheViewEmpty() throws Exception {
        RedPayload red = parse("ef 00 04 01 6f 55 66 77");
        byte[] broken = Hex.bytes("ef 00 00 09 6f");
        assertThatThrownBy(() -> red.wrap(broken, 0, broken.length)).isInstanceOf(MalformedPacketException.class);
        assertThat(red.blockCount()).isZero();
    }

    @Test
    void rejectsBoundsOutsideTheBuffer() {
        assertThatThrownBy(() -> new RedPayload().wrap(new byte[4], 2, 3)).isInstanceOf(MalformedPacketException.class);
        assertThatThrownBy(() -> new RedPayload().wrap(new byte[4], -1, 2)).isInstanceOf(MalformedPacketException.class);
    }
}
