package dev.parley.media.rtp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.media.MalformedPacketException;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Round-trip property of the RTP view: whatever {@link RtpPacket#wrap} accepts, the builder writes
 * back into a packet that parses to the same fields, and rewriting it again is byte-stable. Only
 * {@link MalformedPacketException} may escape the parser.
 *
 * <p>Corpus: {@code src/test/resources/dev/parley/media/rtp/RtpFuzzTestInputs/rtpRoundTrip/}.
 * Longer runs: {@code JAZZER_FUZZ=1 mvn -pl media test -Dtest=RtpFuzzTest}.
 */
class RtpFuzzTest {
    @FuzzTest
    void rtpRoundTrip(byte[] data) {
        RtpPacket parsed;
        try {
            parsed = RtpPacket.parse(data, 0, data.length);
        } catch (MalformedPacketException rejected) {
            return;
        }
        String fields = describe(parsed);

        byte[] rebuilt = RtpPacketBuilder.from(parsed).build();
        RtpPacket reparsed = reparse(rebuilt);
        assertThat(describe(reparsed)).isEqualTo(fields);
        assertThat(RtpPacketBuilder.from(reparsed).build()).isEqualTo(rebuilt);

        rewriteInPlace(rebuilt, reparsed);
    }

    /** The SFU's rewrite keeps the packet valid and changes only the rewritten fields. */
    private static void rewriteInPlace(byte[] buf, RtpPacket packet) {
        int extensions = countExtensions(packet);
        packet.setSsrc(packet.ssrc() ^ 0xFFFF_FFFFL);
        packet.setSequenceNumber(packet.sequenceNumber() + 1);
        packet.setTimestamp(packet.timestamp() + 3000);
        packet.setMarker(!packet.marker());
        HeaderExtensionCursor c = packet.extensions();
        if (c.next()) {
            byte[] zeros = new byte[c.valueLength()];
            assertThat(packet.replaceExtension(c.id(), zeros, 0, zeros.length)).isTrue();
        }
        RtpPacket again = reparse(buf);
        assertThat(again.ssrc()).isEqualTo(packet.ssrc());
        assertThat(again.sequenceNumber()).isEqualTo(packet.sequenceNumber());
        assertThat(again.timestamp()).isEqualTo(packet.timestamp());
        assertThat(again.marker()).isEqualTo(packet.marker());
        assertThat(countExtensions(again)).isEqualTo(extensions);
    }

    private static RtpPacket reparse(byte[] buf) {
        try {
            return RtpPacket.parse(buf, 0, buf.length);
        } catch (MalformedPacketException e) {
            throw new AssertionError("the builder wrote a packet the parser rejects", e);
        }
    }

    private static int countExtensions(RtpPacket p) {
        int n = 0;
        HeaderExtensionCursor c = p.extensions(new HeaderExtensionCursor());
        while (c.next()) {
            n++;
        }
        return n;
    }

    private static String describe(RtpPacket p) {
        HexFormat hex = HexFormat.of();
        StringBuilder s = new StringBuilder()
                .append(p.version()).append(' ').append(p.marker()).append(' ').append(p.payloadType())
                .append(' ').append(p.sequenceNumber()).append(' ').append(p.timestamp())
                .append(' ').append(p.ssrc()).append(" csrcs");
        for (int i = 0; i < p.csrcCount(); i++) {
            s.append(' ').append(p.csrc(i));
        }
        s.append(" profile ").append(p.extensionProfile());
        if (p.hasExtension() && !p.hasOneByteExtensions() && !p.hasTwoByteExtensions()) {
            s.append(" raw ").append(hex.formatHex(p.buffer(), p.extensionDataOffset(),
                    p.extensionDataOffset() + p.extensionDataLength()));
        }
        HeaderExtensionCursor c = p.extensions(new HeaderExtensionCursor());
        while (c.next()) {
            s.append(" ext ").append(c.id()).append('=')
                    .append(hex.formatHex(p.buffer(), c.valueOffset(), c.valueOffset() + c.valueLength()));
            assertThat(p.findExtension(c.id())).isGreaterThan(0);
        }
        s.append(" payload ").append(hex.formatHex(p.buffer(), p.payloadOffset(), p.payloadOffset() + p.payloadLength()))
                .append(" padding ").append(p.paddingLength());
        assertThat(p.headerLength() + p.payloadLength() + p.paddingLength()).isEqualTo(p.length());
        return s.toString();
    }
}
