package dev.parley.media.srtp;

import java.util.Optional;

/**
 * The SRTP protection profiles Parley negotiates in the DTLS {@code use_srtp} extension.
 *
 * <p>Lengths are in bytes. The session keys are derived from the master key and salt by the
 * AES-CM key derivation function of RFC 3711 §4.3 for both profiles (RFC 7714 §11 reuses it for GCM).
 */
public enum SrtpProfile {
    /** RFC 3711 / RFC 5764 §4.1.2: AES-128 counter mode, 80-bit HMAC-SHA1 tag on RTP and RTCP. */
    AES128_CM_HMAC_SHA1_80(0x0001, 16, 14, 20, 10, 10),
    /** RFC 7714 §14.2: AES-128-GCM with a 128-bit tag, 96-bit salt, no separate auth key. */
    AEAD_AES_128_GCM(0x0007, 16, 12, 0, 16, 16);

    /** Length of the E flag plus the 31-bit SRTCP index that every SRTCP packet carries (RFC 3711 §3.4). */
    static final int SRTCP_INDEX_LENGTH = 4;

    private final int id;
    private final int masterKeyLength;
    private final int masterSaltLength;
    private final int authKeyLength;
    private final int rtpTagLength;
    private final int rtcpTagLength;

    SrtpProfile(int id, int masterKeyLength, int masterSaltLength, int authKeyLength,
                int rtpTagLength, int rtcpTagLength) {
        this.id = id;
        this.masterKeyLength = masterKeyLength;
        this.masterSaltLength = masterSaltLength;
        this.authKeyLength = authKeyLength;
        this.rtpTagLength = rtpTagLength;
        this.rtcpTagLength = rtcpTagLength;
    }

    /** The SRTPProtectionProfile value of the DTLS {@code use_srtp} extension (RFC 5764 §4.1.2, RFC 7714 §14.2). */
    public int id() {
        return id;
    }

    /** Length of the master key (and of the derived session encryption key). */
    public int masterKeyLength() {
        return masterKeyLength;
    }

    /** Length of the master salt (and of the derived session salt). */
    public int masterSaltLength() {
        return masterSaltLength;
    }

    /** Length of the derived HMAC-SHA1 session auth key; 0 for the AEAD profile, which has none. */
    public int authKeyLength() {
        return authKeyLength;
    }

    /** Length of the authentication tag appended to an SRTP packet. */
    public int rtpTagLength() {
        return rtpTagLength;
    }

    /** Length of the authentication tag appended to an SRTCP packet. */
    public int rtcpTagLength() {
        return rtcpTagLength;
    }

    /** Bytes that protecting an RTP packet appends: the headroom a caller must leave after the packet. */
    public int rtpOverhead() {
        return rtpTagLength;
    }

    /** Bytes that protecting an RTCP packet appends: tag plus E-flag/SRTCP index (RFC 3711 §3.4). */
    public int rtcpOverhead() {
        return rtcpTagLength + SRTCP_INDEX_LENGTH;
    }

    /**
     * Length of the DTLS exporter output to request with the label {@code EXTRACTOR-dtls_srtp}:
     * two master keys and two master salts (RFC 5764 §4.2).
     */
    public int keyingMaterialLength() {
        return 2 * (masterKeyLength + masterSaltLength);
    }

    /** The profile with this {@code use_srtp} identifier, if Parley supports it. */
    public static Optional<SrtpProfile> fromId(int id) {
        for (SrtpProfile profile : values()) {
            if (profile.id == id) {
                return Optional.of(profile);
            }
        }
        return Optional.empty();
    }
}
