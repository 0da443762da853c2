package dev.parley.media.dtls;

import java.io.IOException;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * The WebRTC-specific part of one handshake, shared by {@link DtlsSrtpClient} and {@link DtlsSrtpServer}:
 * the fingerprint check, the {@code use_srtp} negotiation, our ECDSA credentials, and the key export.
 *
 * <p>Used by the handshake thread only. Every failure is a {@link TlsFatalAlert} (so BouncyCastle sends
 * the alert to the peer) whose cause is the {@link DtlsException} the association reports.
 */
final class DtlsSrtpNegotiation {

    /** Our preference for the hash in ECDSA signatures we make; the key is P-256 (RFC 8422 §5.10). */
    private static final short[] SIGNATURE_HASHES = {HashAlgorithm.sha256, HashAlgorithm.sha384, HashAlgorithm.sha512};

    private final DtlsRole role;
    private final DtlsCertificate localCertificate;
    private final DtlsFingerprint expectedRemote;
    private final List<DtlsSrtpProfile> profiles;
    private DtlsFingerprint verifiedRemote;
    private DtlsSrtpProfile selected;
    private byte[] keyingMaterial;
    private String sessionSummary = "";

    DtlsSrtpNegotiation(DtlsRole role, DtlsCertificate localCertificate, DtlsFingerprint expectedRemote,
            List<DtlsSrtpProfile> profiles) {
        this.role = role;
        this.localCertificate = localCertificate;
        this.expectedRemote = expectedRemote;
        this.profiles = profiles;
    }

    DtlsRole role() {
        return role;
    }

    /**
     * RFC 5763 §5 / RFC 8122 §5: the peer's leaf certificate must hash, with the function its SDP named,
     * to the fingerprint its SDP announced. No chain or validity check: self-signed certificates are the
     * norm and the fingerprint is the trust (RFC 8827 §6.5).
     */
    void checkPeerCertificate(Certificate chain) throws IOException {
        if (chain == null || chain.isEmpty()) {
            throw failure(DtlsException.Reason.NO_CERTIFICATE, AlertDescription.handshake_failure,
                    "the peer presented no certificate; WebRTC requires one (RFC 8827 §6.5)");
        }
        byte[] der = chain.getCertificateAt(0).getEncoded();
        DtlsFingerprint actual = DtlsFingerprint.of(expectedRemote.hashFunction(), der);
        if (!actual.equals(expectedRemote)) {
            throw failure(DtlsException.Reason.FINGERPRINT_MISMATCH, AlertDescription.bad_certificate,
                    "remote certificate fingerprint " + actual + " does not match the SDP's " + expectedRemote);
        }
        verifiedRemote = actual;
    }

    /** Client: offer our profiles in preference order, with an empty MKI (RFC 5764 §4.1.1). */
    void addOffer(Hashtable<Integer, byte[]> clientExtensions) throws IOException {
        int[] ids = profiles.stream().mapToInt(DtlsSrtpProfile::id).toArray();
        TlsSRTPUtils.addUseSRTPExtension(clientExtensions, new UseSRTPData(ids, TlsUtils.EMPTY_BYTES));
    }

    /** Server: pick our most preferred profile that the client offered (RFC 5764 §4.1.1). */
    void selectFromOffer(Hashtable<?, ?> clientExtensions) throws IOException {
        UseSRTPData offer = TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
        if (offer == null) {
            throw failure(DtlsException.Reason.NO_SRTP_PROFILE, AlertDescription.handshake_failure,
                    "the client did not offer use_srtp (RFC 5764 §4.1.1)");
        }
        for (DtlsSrtpProfile candidate : profiles) {
            for (int offered : offer.getProtectionProfiles()) {
                if (offered == candidate.id()) {
                    selected = candidate;
                    return;
                }
            }
        }
        throw failure(DtlsException.Reason.NO_SRTP_PROFILE, AlertDescription.handshake_failure,
                "no SRTP protection profile in common: the client offered " + describe(offer.getProtectionProfiles())
                        + ", we accept " + profiles);
    }

    /** Server: answer with the selected profile and an empty MKI (we never use MKIs). */
    void addAnswer(Hashtable<Integer, byte[]> serverExtensions) throws IOException {
        TlsSRTPUtils.addUseSRTPExtension(serverExtensions,
                new UseSRTPData(new int[] {selected.id()}, TlsUtils.EMPTY_BYTES));
    }

    /** Client: the server must choose exactly one profile we offered, and no MKI (RFC 5764 §4.1.1). */
    void acceptAnswer(Hashtable<?, ?> serverExtensions) throws IOException {
        UseSRTPData answer = serverExtensions == null ? null : TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
        if (answer == null) {
            throw failure(DtlsException.Reason.NO_SRTP_PROFILE, AlertDescription.handshake_failure,
                    "the server did not accept use_srtp (RFC 5764 §4.1.1)");
        }
        int[] chosen = answer.getProtectionProfiles();
        Optional<DtlsSrtpProfile> profile = chosen.length == 1 ? DtlsSrtpProfile.fromId(chosen[0]) : Optional.empty();
        if (profile.isEmpty() || !profiles.contains(profile.get())) {
            throw failure(DtlsException.Reason.NO_SRTP_PROFILE, AlertDescription.illegal_parameter,
                    "the server chose SRTP profile(s) " + describe(chosen) + ", not one of our " + profiles);
        }
        if (answer.getMki().length != 0) {
            throw failure(DtlsException.Reason.NO_SRTP_PROFILE, AlertDescription.illegal_parameter,
                    "the server set an SRTP MKI although we offered none (RFC 5764 §4.1.1)");
        }
        selected = profile.get();
    }

    /** Our certificate and an ECDSA signer with the first SHA-2 hash the peer accepts. */
    TlsCredentialedSigner credentials(TlsContext context, BcTlsCrypto crypto,
            Vector<?> peerSignatureAlgorithms) throws IOException {
        TlsCertificate certificate = crypto.createCertificate(localCertificate.derView());
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto,
                localCertificate.privateKey(), new Certificate(new TlsCertificate[] {certificate}),
                signatureAlgorithm(peerSignatureAlgorithms));
    }

    /** RFC 5764 §4.2: export 2 * (key + salt) bytes with the label EXTRACTOR-dtls_srtp, no context. */
    void exportKeyingMaterial(TlsContext context) {
        keyingMaterial = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null,
                selected.keyingMaterialLength());
        SecurityParameters session = context.getSecurityParametersConnection();
        sessionSummary = String.format("cipherSuite=0x%04x extendedMasterSecret=%s",
                session.getCipherSuite(), session.isExtendedMasterSecret());
    }

    /** Cipher suite and extended-master-secret use, for the log line; no secret in it. */
    String sessionSummary() {
        return sessionSummary;
    }

    DtlsSrtpResult result() {
        return new DtlsSrtpResult(selected, keyingMaterial, role, verifiedRemote);
    }

    static TlsFatalAlert failure(DtlsException.Reason reason, short alert, String message) {
        return new TlsFatalAlert(alert, message, new DtlsException(reason, message));
    }

    private static SignatureAndHashAlgorithm signatureAlgorithm(Vector<?> peerSupported) throws IOException {
        if (peerSupported == null) {
            // RFC 5246 §7.4.1.4.1: without signature_algorithms the peer implies {sha1, ecdsa}.
            return SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha1, SignatureAlgorithm.ecdsa);
        }
        for (short hash : SIGNATURE_HASHES) {
            SignatureAndHashAlgorithm candidate = SignatureAndHashAlgorithm.getInstance(hash, SignatureAlgorithm.ecdsa);
            if (peerSupported.contains(candidate)) {
                return candidate;
            }
        }
        throw new TlsFatalAlert(AlertDescription.handshake_failure, "the peer accepts no ECDSA signature with SHA-2");
    }

    private static String describe(int[] ids) {
        StringBuilder text = new StringBuilder("[");
        for (int id : ids) {
            if (text.length() > 1) {
                text.append(", ");
            }
            text.append(DtlsSrtpProfile.fromId(id).map(Enum::name).orElse(String.format("0x%04x", id)));
        }
        return text.append(']').toString();
    }
}
