package dev.parley.media.rtcp;

import dev.parley.media.MalformedPacketException;
import dev.parley.media.rtp.Hex;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SourceDescriptionTest {
    @Test
    void parsesACname() throws Exception {
        SourceDescription sdes = SourceDescription.parse(RtcpVectors.SDES_CNAME, 0, RtcpVectors.SDES_CNAME.length);

        assertThat(sdes.chunks()).hasSize(1);
        assertThat(sdes.chunks().get(0).ssrc()).isEqualTo(0x11223344L);
        assertThat(sdes.chunks().get(0).text(SourceDescription.CNAME)).hasValue("abcd");
        assertThat(sdes.chunks().get(0).text(SourceDescription.NAME)).isEmpty();
    }

    @Test
    void writesTheSameBytes() {
        assertThat(Hex.string(SourceDescription.cname(0x11223344L, "abcd").toBytes()))
                .isEqualTo(Hex.string(RtcpVectors.SDES_CNAME));
    }

    @Test
    void padsEachChunkWithOneToFourNullOctets() throws Exception {
        SourceDescription sdes = new SourceDescription(List.of(
                new SourceDescription.Chunk(1, List.of(SourceDescription.Item.text(SourceDescription.CNAME, "ab"))),
                new SourceDescription.Chunk(2, List.of()),
                new SourceDescription.Chunk(3, List.of(SourceDescription.Item.text(SourceDescription.TOOL, "x"),
                        SourceDescription.Item.text(SourceDescription.NOTE, "é")))));
        byte[] bytes = sdes.toBytes();

        // chunk 1: 4 + 4 -> 4 nulls; chunk 2: 4 -> 4 nulls; chunk 3: 4 + 3 + 4 -> 1 null
        assertThat(Hex.string(bytes)).isEqualTo("83ca0008" + "00000001 0102 6162 00000000".replace(" ", "")
                + "00000002 00000000".replace(" ", "") + "00000003 060178 0702c3a9 00".replace(" ", ""));
        SourceDescription parsed = SourceDescription.parse(bytes, 0, bytes.length);
        assertThat(parsed).isEqualTo(sdes);
        assertThat(parsed.chunks().get(2).text(SourceDescription.NOTE)).hasValue("é");
    }

    @Test
    void keepsInvalidUtf8Exactly() throws Exception {
        byte[] buf = Hex.bytes("81ca0003 11223344 0104 ff00fe80 0000");
        SourceDescription sdes = SourceDescription.parse(buf, 0, buf.length);
        assertThat(sdes.chunks().get(0).items().get(0).value()).containsExactly(0xff, 0x00, 0xfe, 0x80);
        assertThat(sdes.toBytes()).isEqualTo(buf);
    }

    @Test
    void rejectsItemsAndChunksRunningPastTheEnd() {
        byte[] itemTooLong = Hex.bytes("81ca0003 11223344 0109 61626364 0000");
        byte[] noNull = Hex.bytes("81ca0002 11223344 0102 6162");
        byte[] missingChunk = Hex.bytes("82ca0003 11223344 0102 6162 00000000");
        for (byte[] buf : List.of(itemTooLong, noNull, missingChunk)) {
            assertThatThrownBy(() -> SourceDescription.parse(buf, 0, buf.length))
                    .isInstanceOf(MalformedPacketException.class).hasMessageContaining("SDES");
        }
    }

    @Test
    void rejectsValuesLongerThan255Bytes() {
        assertThatThrownBy(() -> new SourceDescription.Item(1, new byte[256])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SourceDescription.Item(0, new byte[1])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void itemValuesAreCopiedInAndOut() {
        byte[] value = {1, 2};
        SourceDescription.Item item = new SourceDescription.Item(1, value);
        value[0] = 9;
        item.value()[1] = 9;
        assertThat(item.value()).containsExactly(1, 2);
    }
}
