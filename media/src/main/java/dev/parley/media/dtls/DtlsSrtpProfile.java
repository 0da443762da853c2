package dev.parley.media.dtls;

import java.util.Optional;

/**
 * An SRTP protection profile negotiated by the DTLS {@code use_srtp} extension (RFC 5764 §4.1.2,
 * RFC 7714 §14.2), with the master key and salt lengths that size the exported keying material.
 */
public enum DtlsSrtpProfile {
    /** RFC 7714 §14.2: AES-128-GCM, 16-byte tag, 12-byte (96-bit) salt. Preferred. */
    AEAD_AES_128_GCM(0x0007, "SRTP_AEAD_AES_128_GCM", 16, 12),
    /** RFC 5764 §4.1.2: AES-128 counter mode with an 80-bit HMAC-SHA1 tag, 14-byte (112-bit) salt. */
    AES128_CM_HMAC_SHA1_80(0x0001, "SRTP_AES128_CM_HMAC_SHA1_80", 16, 14);

    private final int id;
    private final String rfcName;
    private final int masterKeyLength;
    private final int masterSaltLength;

    DtlsSrtpProfile(int id, String rfcName, int masterKeyLength, int masterSaltLength) {
        this.id = id;
        this.rfcName = rfcName;
        this.masterKeyLength = masterKeyLength;
        this.masterSaltLength = masterSaltLength;
    }

    /** The two-byte {@code SRTPProtectionProfile} value on the wire. */
    public int id() {
        return id;
    }

    /** The name the RFCs (and OpenSSL) use, e.g. {@code SRTP_AEAD_AES_128_GCM}. */
    public String rfcName() {
        return rfcName;
    }

    public int masterKeyLength() {
        return masterKeyLength;
    }

    public int masterSaltLength() {
        return masterSaltLength;
    }

    /**
     * Length of the {@code EXTRACTOR-dtls_srtp} export: {@code 2 * (key + salt)} (RFC 5764 §4.2),
     * 60 bytes for AES-CM, 56 for AES-GCM.
     */
    public int keyingMaterialLength() {
        return 2 * (masterKeyLength + masterSaltLength);
    }

    /** The profile with this wire id, if we support it. */
    public static Optional<DtlsSrtpProfile> fromId(int id) {
        for (DtlsSrtpProfile profile : values()) {
            if (profile.id == id) {
                return Optional.of(profile);
            }
        }
        return Optional.empty();
    }
}
