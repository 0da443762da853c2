package dev.parley.media.dtls;

import java.util.Arrays;
import java.util.Objects;

/**
 * What a successful DTLS-SRTP handshake yields: everything needed to build the SRTP contexts.
 *
 * <p>The keying material is the {@code EXTRACTOR-dtls_srtp} export (RFC 5764 §4.2), laid out as
 * {@code client_write_key | server_write_key | client_write_salt | server_write_salt}. The accessors
 * {@link #localMasterKey()}, {@link #localMasterSalt()} (protect what we send) and
 * {@link #remoteMasterKey()}, {@link #remoteMasterSalt()} (unprotect what we receive) cut it according to
 * the profile and our role, so the transport does:
 * <pre>{@code
 * association.handshake().thenAccept(keys -> {
 *     outbound = srtpContext(keys.profileId(), keys.localMasterKey(), keys.localMasterSalt());
 *     inbound  = srtpContext(keys.profileId(), keys.remoteMasterKey(), keys.remoteMasterSalt());
 * });
 * }</pre>
 *
 * @param profile the negotiated SRTP protection profile
 * @param keyingMaterial the exported keying material, {@code profile.keyingMaterialLength()} bytes (a
 *     copy is kept and a copy is returned)
 * @param localRole our DTLS role: the client's keys are the first halves (RFC 5764 §4.2)
 * @param remoteFingerprint the verified fingerprint of the peer's certificate
 */
public record DtlsSrtpResult(
        DtlsSrtpProfile profile,
        byte[] keyingMaterial,
        DtlsRole localRole,
        DtlsFingerprint remoteFingerprint) {

    public DtlsSrtpResult {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(localRole, "localRole");
        Objects.requireNonNull(remoteFingerprint, "remoteFingerprint");
        if (keyingMaterial.length != profile.keyingMaterialLength()) {
            throw new IllegalArgumentException(profile + " needs " + profile.keyingMaterialLength()
                    + " bytes of keying material, not " + keyingMaterial.length);
        }
        keyingMaterial = keyingMaterial.clone();
    }

    /** The {@code SRTPProtectionProfile} wire id, e.g. 0x0007 for AEAD_AES_128_GCM. */
    public int profileId() {
        return profile.id();
    }

    /** A copy of the whole exported keying material. */
    @Override
    public byte[] keyingMaterial() {
        return keyingMaterial.clone();
    }

    /** Whether we are the DTLS client (the {@code isClient} flag of SRTP key derivation). */
    public boolean isClient() {
        return localRole == DtlsRole.CLIENT;
    }

    /** The master key that protects the SRTP/SRTCP we send. */
    public byte[] localMasterKey() {
        return masterKey(isClient());
    }

    /** The master salt that protects the SRTP/SRTCP we send. */
    public byte[] localMasterSalt() {
        return masterSalt(isClient());
    }

    /** The master key that unprotects the SRTP/SRTCP we receive. */
    public byte[] remoteMasterKey() {
        return masterKey(!isClient());
    }

    /** The master salt that unprotects the SRTP/SRTCP we receive. */
    public byte[] remoteMasterSalt() {
        return masterSalt(!isClient());
    }

    private byte[] masterKey(boolean client) {
        int keyLength = profile.masterKeyLength();
        int from = client ? 0 : keyLength;
        return Arrays.copyOfRange(keyingMaterial, from, from + keyLength);
    }

    private byte[] masterSalt(boolean client) {
        int keyLength = profile.masterKeyLength();
        int saltLength = profile.masterSaltLength();
        int from = 2 * keyLength + (client ? 0 : saltLength);
        return Arrays.copyOfRange(keyingMaterial, from, from + saltLength);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DtlsSrtpResult that
                && profile == that.profile
                && localRole == that.localRole
                && remoteFingerprint.equals(that.remoteFingerprint)
                && Arrays.equals(keyingMaterial, that.keyingMaterial);
    }

    @Override
    public int hashCode() {
        return Objects.hash(profile, localRole, remoteFingerprint, Arrays.hashCode(keyingMaterial));
    }

    /** Never shows the keying material. */
    @Override
    public String toString() {
        return "DtlsSrtpResult[profile=" + profile + ", localRole=" + localRole
                + ", remoteFingerprint=" + remoteFingerprint + ", keyingMaterial=<" + keyingMaterial.length
                + " bytes>]";
    }
}
