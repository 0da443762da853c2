package dev.parley.media.dtls;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;

/**
 * Settings of a {@link DtlsAssociation}. Start from {@link #defaults()} and change what you need.
 *
 * @param srtpProfiles SRTP protection profiles we accept, most preferred first: the client offers them
 *     in this order, the server picks the first one the client also offered (RFC 5764 §4.1.1). Default:
 *     AES-128-GCM, then AES-128-CM-HMAC-SHA1-80.
 * @param handshakeTimeout the whole handshake must finish within this time from
 *     {@link DtlsAssociation#start()}, or it fails with {@link DtlsException.Reason#TIMEOUT}. Default 30 s.
 * @param initialRetransmitTimeout wait before the first retransmission of an unanswered flight; it
 *     doubles on each retry (RFC 6347 §4.2.4.1, which recommends 1 s). Default 1 s.
 * @param mtu the largest datagram we send; handshake messages are fragmented to fit. Default 1200, a
 *     size that survives tunnels and matches what browsers use.
 * @param receiveQueueCapacity incoming DTLS datagrams buffered while the handshake thread is busy;
 *     more are dropped (DTLS retransmits). Default 64.
 */
public record DtlsConfig(
        List<DtlsSrtpProfile> srtpProfiles,
        Duration handshakeTimeout,
        Duration initialRetransmitTimeout,
        int mtu,
        int receiveQueueCapacity) {

    /** Datagrams larger than this are not DTLS from a sane peer and are dropped (Ethernet MTU). */
    public static final int MAX_RECEIVE_SIZE = 1500;

    static final int MIN_MTU = 256;

    public DtlsConfig {
        srtpProfiles = List.copyOf(srtpProfiles);
        if (srtpProfiles.isEmpty() || new HashSet<>(srtpProfiles).size() != srtpProfiles.size()) {
            throw new IllegalArgumentException("srtpProfiles must be non-empty and without duplicates");
        }
        requirePositiveMillis(handshakeTimeout, "handshakeTimeout");
        requirePositiveMillis(initialRetransmitTimeout, "initialRetransmitTimeout");
        if (mtu < MIN_MTU || mtu > MAX_RECEIVE_SIZE) {
            throw new IllegalArgumentException("mtu must be in [" + MIN_MTU + ", " + MAX_RECEIVE_SIZE + "]");
        }
        if (receiveQueueCapacity < 1) {
            throw new IllegalArgumentException("receiveQueueCapacity must be positive");
        }
    }

    public static DtlsConfig defaults() {
        return new DtlsConfig(
                List.of(DtlsSrtpProfile.AEAD_AES_128_GCM, DtlsSrtpProfile.AES128_CM_HMAC_SHA1_80),
                Duration.ofSeconds(30), Duration.ofSeconds(1), 1200, 64);
    }

    public DtlsConfig withSrtpProfiles(DtlsSrtpProfile... profiles) {
        return new DtlsConfig(List.of(profiles), handshakeTimeout, initialRetransmitTimeout, mtu,
                receiveQueueCapacity);
    }

    public DtlsConfig withHandshakeTimeout(Duration timeout) {
        return new DtlsConfig(srtpProfiles, timeout, initialRetransmitTimeout, mtu, receiveQueueCapacity);
    }

    public DtlsConfig withInitialRetransmitTimeout(Duration timeout) {
        return new DtlsConfig(srtpProfiles, handshakeTimeout, timeout, mtu, receiveQueueCapacity);
    }

    public DtlsConfig withMtu(int newMtu) {
        return new DtlsConfig(srtpProfiles, handshakeTimeout, initialRetransmitTimeout, newMtu,
                receiveQueueCapacity);
    }

    private static void requirePositiveMillis(Duration duration, String name) {
        if (duration.isNegative() || duration.isZero() || duration.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " must be positive and at most " + Integer.MAX_VALUE + " ms");
        }
    }
}
