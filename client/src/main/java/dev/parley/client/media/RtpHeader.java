package dev.parley.client.media;

/**
 * Writes the RTP header a headless sender puts on its packets (RFC 3550 §5.1) with one RFC 8285
 * one-byte header extension, the section's {@code sdes:mid} (RFC 9335), as a browser does.
 */
public final class RtpHeader {
    /** 12 fixed bytes + the 4-byte extension header + one word holding the MID element. */
    public static final int LENGTH = 20;

    private RtpHeader() {
    }

    /** Writes the header at {@code buf[0..LENGTH)}; {@code mid} is one ASCII character ("0", "1"). */
    public static void write(byte[] buf, int payloadType, boolean marker, int seq, long timestamp, long ssrc, char mid) {
        buf[0] = (byte) 0x90; // V=2, X=1
        buf[1] = (byte) ((marker ? 0x80 : 0) | payloadType);
        buf[2] = (byte) (seq >>> 8);
        buf[3] = (byte) seq;
        for (int i = 0; i < 4; i++) {
            buf[4 + i] = (byte) (timestamp >>> (24 - 8 * i));
            buf[8 + i] = (byte) (ssrc >>> (24 - 8 * i));
        }
        buf[12] = (byte) 0xBE; // RFC 8285 §4.2
        buf[13] = (byte) 0xDE;
        buf[14] = 0;
        buf[15] = 1;
        buf[16] = (byte) (UplinkOffer.MID_EXT_ID << 4); // length field 0 = one byte
        buf[17] = (byte) mid;
        buf[18] = 0;
        buf[19] = 0;
    }
}
