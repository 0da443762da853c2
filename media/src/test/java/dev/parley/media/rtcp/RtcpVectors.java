package dev.parley.media.rtcp;

import dev.parley.media.rtp.Hex;

import java.util.List;

/** Hand-assembled RTCP packets, field by field from the RFC figures, shared by the tests. */
final class RtcpVectors {
    private RtcpVectors() {
    }

    /** SR, RC=1: sender 0x902f9e2e, NTP 0xda8bd1fc_dddddddd, RTP 100000, 100 packets, 10000 octets. */
    static final byte[] SR = Hex.bytes("81c8000c 902f9e2e da8bd1fc dddddddd 000186a0 00000064 00002710"
            // block: SSRC bc5e9a40, fraction 16, lost -2, ext. highest 0x00010005, jitter 33, LSR, DLSR 1 s
            + "bc5e9a40 10fffffe 00010005 00000021 d1fcdddd 00010000");

    /** RR without blocks from 0x11223344. */
    static final byte[] RR_EMPTY = Hex.bytes("80c90001 11223344");

    /** SDES, one chunk: SSRC 0x11223344, CNAME "abcd", null, one padding byte. */
    static final byte[] SDES_CNAME = Hex.bytes("81ca0003 11223344 0104 61626364 0000");

    /** BYE of 0x11223344 with reason "bye". */
    static final byte[] BYE_REASON = Hex.bytes("81cb0002 11223344 03627965");

    /** Generic NACK from 1 for media 2: PID 1000, BLP 0x0005 (lost 1000, 1001, 1003). */
    static final byte[] NACK = Hex.bytes("81cd0003 00000001 00000002 03e80005");

    /** PLI from 1 for media 2. */
    static final byte[] PLI = Hex.bytes("81ce0002 00000001 00000002");

    /** FIR from 1: target 0x12345678, command sequence number 9. */
    static final byte[] FIR = Hex.bytes("84ce0004 00000001 00000000 12345678 09000000");

    /** REMB from 1: 1 000 000 bit/s (exponent 2, mantissa 250000) for SSRC 0x11223344. */
    static final byte[] REMB = Hex.bytes("8fce0005 00000001 00000000 52454d42 010bd090 11223344");

    /**
     * TWCC from 1 for media 2: base 100, 5 packets, reference 1 (64 ms), feedback count 7; one 2-bit
     * status vector [small, lost, large, small, small]; deltas 4, -8, 0, 255 ticks; 1 padding byte.
     */
    static final byte[] TWCC = Hex.bytes("afcd0006 00000001 00000002 00640005 00000107 d250 04 fff8 00 ff 01");

    /** APP packet (unknown to this package), subtype 3, name "TEST", 4 data bytes. */
    static final byte[] APP = Hex.bytes("83cc0003 11223344 54455354 01020304");

    static List<byte[]> all() {
        return List.of(SR, RR_EMPTY, SDES_CNAME, BYE_REASON, NACK, PLI, FIR, REMB, TWCC, APP);
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
