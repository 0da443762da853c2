package dev.parley.client.media;

import dev.parley.media.dtls.DtlsFingerprint;
import dev.parley.media.stun.IceCredentials;

/**
 * The SDP offer a headless publisher sends with {@code publish}: what a browser's send-only
 * {@code RTCPeerConnection} offers, reduced to one codec per kind. Opus (payload type 111) and VP8 (96),
 * BUNDLE on one transport (RFC 8843), rtcp-mux (RFC 5761), no candidates (the ICE-lite server learns our
 * address from our checks), DTLS {@code actpass} (RFC 5763 §5).
 */
public final class UplinkOffer {
    public static final int OPUS_PT = 111;
    public static final int VP8_PT = 96;
    /** RFC 9335 sdes:mid; the server reads it to map packets to sections. */
    static final int MID_EXT_ID = 4;

    private UplinkOffer() {
    }

    /**
     * @param audioSsrc the audio SSRC, or 0 for no audio section
     * @param videoSsrc the video SSRC, or 0 for no video section
     */
    public static String create(IceCredentials ice, DtlsFingerprint fingerprint, String streamLabel, long audioSsrc,
            long videoSsrc) {
        if (audioSsrc == 0 && videoSsrc == 0) {
            throw new IllegalArgumentException("an offer needs audio, video or both");
        }
        StringBuilder sdp = new StringBuilder();
        String mids = (audioSsrc != 0 ? "0" : "") + (audioSsrc != 0 && videoSsrc != 0 ? " " : "")
                + (videoSsrc != 0 ? (audioSsrc != 0 ? "1" : "0") : "");
        line(sdp, "v=0");
        line(sdp, "o=- " + (System.nanoTime() & 0x7FFFFFFFFFFFL) + " 2 IN IP4 127.0.0.1");
        line(sdp, "s=-");
        line(sdp, "t=0 0");
        line(sdp, "a=group:BUNDLE " + mids);
        line(sdp, "a=msid-semantic: WMS " + streamLabel);
        int mid = 0;
        if (audioSsrc != 0) {
            section(sdp, "audio", OPUS_PT, mid++, ice, fingerprint, streamLabel, audioSsrc);
            line(sdp, "a=rtpmap:111 opus/48000/2");
            line(sdp, "a=fmtp:111 minptime=10;useinbandfec=1");
            ssrc(sdp, audioSsrc, streamLabel, "audio");
        }
        if (videoSsrc != 0) {
            section(sdp, "video", VP8_PT, mid, ice, fingerprint, streamLabel, videoSsrc);
            line(sdp, "a=rtpmap:96 VP8/90000");
            line(sdp, "a=rtcp-fb:96 ccm fir");
            line(sdp, "a=rtcp-fb:96 nack");
            line(sdp, "a=rtcp-fb:96 nack pli");
            ssrc(sdp, videoSsrc, streamLabel, "video");
        }
        return sdp.toString();
    }

    private static void section(StringBuilder sdp, String kind, int pt, int mid, IceCredentials ice,
            DtlsFingerprint fingerprint, String streamLabel, long ssrc) {
        line(sdp, "m=" + kind + " 9 UDP/TLS/RTP/SAVPF " + pt);
        line(sdp, "c=IN IP4 0.0.0.0");
        line(sdp, "a=rtcp:9 IN IP4 0.0.0.0");
        line(sdp, "a=ice-ufrag:" + ice.ufrag());
        line(sdp, "a=ice-pwd:" + ice.password());
        line(sdp, "a=fingerprint:" + fingerprint.toSdpValue());
        line(sdp, "a=setup:actpass");
        line(sdp, "a=mid:" + mid);
        line(sdp, "a=extmap:" + MID_EXT_ID + " urn:ietf:params:rtp-hdrext:sdes:mid");
        line(sdp, "a=sendonly");
        line(sdp, "a=msid:" + streamLabel + " " + streamLabel + "-" + kind);
        line(sdp, "a=rtcp-mux");
        line(sdp, "a=rtcp-rsize");
    }

    private static void ssrc(StringBuilder sdp, long ssrc, String streamLabel, String kind) {
        line(sdp, "a=ssrc:" + ssrc + " cname:" + streamLabel);
        line(sdp, "a=ssrc:" + ssrc + " msid:" + streamLabel + " " + streamLabel + "-" + kind);
    }

    private static void line(StringBuilder sdp, String line) {
        sdp.append(line).append("\r\n");
    }
}
