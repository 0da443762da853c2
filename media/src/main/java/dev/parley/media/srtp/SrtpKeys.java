package dev.parley.media.srtp;

import java.util.Arrays;
import java.util.Objects;

/**
 * The master keys and salts of one DTLS-SRTP association, seen from this end: the local pair protects
 * what we send, the remote pair unprotects what we receive.
 *
 * <p>Arrays are copied in and out, so an instance is immutable. {@link #toString()} never shows key
 * material.
 *
 * @param profile the negotiated protection profile
 * @param localKey master key for packets we send
 * @param localSalt master salt for packets we send
 * @param remoteKey master key for packets we receive
 * @param remoteSalt master salt for packets we receive
 */
public record SrtpKeys(SrtpProfile profile, byte[] localKey, byte[] localSalt, byte[] remoteKey, byte[] remoteSalt) {

    public SrtpKeys {
        Objects.requireNonNull(profile, "profile");
        localKey = checkedCopy(localKey, profile.masterKeyLength(), "localKey");
        localSalt = checkedCopy(localSalt, profile.masterSaltLength(), "localSalt");
        remoteKey = checkedCopy(remoteKey, profile.masterKeyLength(), "remoteKey");
        remoteSalt = checkedCopy(remoteSalt, profile.masterSaltLength(), "remoteSalt");
    }

    /**
     * Splits the output of the DTLS exporter (label {@code EXTRACTOR-dtls_srtp}, no context, length
     * {@link SrtpProfile#keyingMaterialLength()}), laid out by RFC 5764 §4.2 as
     * {@code client_key | server_key | client_salt | server_salt}.
     *
     * @param localIsDtlsClient whether this end was the DTLS client of the handshake
     * @throws IllegalArgumentException if the material does not have the profile's length
     */
    public static SrtpKeys fromExporter(SrtpProfile profile, byte[] material, boolean localIsDtlsClient) {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(material, "material");
        if (material.length != profile.keyingMaterialLength()) {
            throw new IllegalArgumentException("keying material for " + profile + " must be "
                    + profile.keyingMaterialLength() + " bytes, got " + material.length);
        }
        int keyLength = profile.masterKeyLength();
        int saltLength = profile.masterSaltLength();
        byte[] clientKey = Arrays.copyOfRange(material, 0, keyLength);
        byte[] serverKey = Arrays.copyOfRange(material, keyLength, 2 * keyLength);
        byte[] clientSalt = Arrays.copyOfRange(material, 2 * keyLength, 2 * keyLength + saltLength);
        byte[] serverSalt = Arrays.copyOfRange(material, 2 * keyLength + saltLength, material.length);
        return localIsDtlsClient
                ? new SrtpKeys(profile, clientKey, clientSalt, serverKey, serverSalt)
                : new SrtpKeys(profile, serverKey, serverSalt, clientKey, clientSalt);
    }

    /** A sender protecting with the local key and salt. */
    public SrtpSender newSender() {
        return SrtpSender.create(profile, localKey, localSalt);
    }

    /** A receiver unprotecting with the remote key and salt and a replay window of 1024 packets. */
    public SrtpReceiver newReceiver() {
        return newReceiver(SrtpReceiver.DEFAULT_REPLAY_WINDOW);
    }

    /**
     * A receiver unprotecting with the remote key and salt, with the given replay window.
     *
     * @param replayWindowSize a power of two from 64 to 32768
     */
    public SrtpReceiver newReceiver(int replayWindowSize) {
        return SrtpReceiver.create(profile, remoteKey, remoteSalt, replayWindowSize);
    }

    @Override
    public byte[] localKey() {
        return localKey.clone();
    }

    @Override
    public byte[] localSalt() {
        return localSalt.clone();
    }

    @Override
    public byte[] remoteKey() {
        return remoteKey.clone();
    }

    @Override
    public byte[] remoteSalt() {
        return remoteSalt.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SrtpKeys that
                && profile == that.profile
                && Arrays.equals(localKey, that.localKey)
                && Arrays.equals(localSalt, that.localSalt)
                && Arrays.equals(remoteKey, that.remoteKey)
                && Arrays.equals(remoteSalt, that.remoteSalt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(profile, Arrays.hashCode(localKey), Arrays.hashCode(remoteKey));
    }

    @Override
    public String toString() {
        return "SrtpKeys[" + profile + ", keys hidden]";
    }

    private static byte[] checkedCopy(byte[] value, int expectedLength, String name) {
        Objects.requireNonNull(value, name);
        if (value.length != expectedLength) {
            throw new IllegalArgumentException(name + " must be " + expectedLength + " bytes, got " + value.length);
        }
        return value.clone();
    }
}
