package dev.parley.media.srtp;

/**
 * The cryptographic transform of one profile for one set of session keys (RTP or RTCP, one
 * direction). Sessions own the packet indexes and replay state; a cipher only seals and opens.
 *
 * <p>All offsets are absolute positions in {@code buf}; lengths have been bounds-checked by the
 * session. Not thread-safe: engines and buffers are reused from packet to packet.
 */
interface PacketCipher {

    /** The cipher of {@code profile} keyed with {@code keys}. */
    static PacketCipher of(SrtpProfile profile, SessionKeys keys) {
        return switch (profile) {
            case AES128_CM_HMAC_SHA1_80 -> new AesCmHmacSha1Cipher(keys);
            case AEAD_AES_128_GCM -> new AesGcmCipher(keys);
        };
    }

    /** Length of the tag this cipher appends. */
    int tagLength();

    /**
     * Encrypts the payload of the RTP packet {@code buf[off, off+len)} whose header is
     * {@code headerLength} bytes and appends the tag.
     *
     * @return the protected length
     */
    int sealRtp(byte[] buf, int off, int headerLength, int len, int ssrc, long index);

    /**
     * Authenticates and decrypts the SRTP packet {@code buf[off, off+len)}, tag included.
     *
     * @return the length of the plain RTP packet
     * @throws SrtpException with {@link SrtpException.Reason#AUTH_FAILED} if the tag does not match
     */
    int openRtp(byte[] buf, int off, int headerLength, int len, int ssrc, long index) throws SrtpException;

    /**
     * Encrypts the RTCP compound packet {@code buf[off, off+len)} after its first 8 bytes and appends
     * the E flag with {@code srtcpIndex} and the tag, in the order of the profile.
     *
     * @return the protected length
     */
    int sealRtcp(byte[] buf, int off, int len, int ssrc, int srtcpIndex);

    /** Offset, from the start of an SRTCP packet of length {@code len}, of its E flag and SRTCP index. */
    int srtcpIndexOffset(int len);

    /**
     * Authenticates the SRTCP packet {@code buf[off, off+len)} and, if {@code encrypted}, decrypts it.
     *
     * @return the length of the plain RTCP compound packet
     * @throws SrtpException with {@link SrtpException.Reason#AUTH_FAILED} if the tag does not match
     */
    int openRtcp(byte[] buf, int off, int len, int ssrc, int srtcpIndex, boolean encrypted) throws SrtpException;
}
