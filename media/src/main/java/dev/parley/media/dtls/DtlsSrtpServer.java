package dev.parley.media.dtls;

import java.io.IOException;
import java.util.Hashtable;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * Our DTLS 1.2 server (RFC 6347) for WebRTC: ECDHE-ECDSA AEAD suites only, {@code use_srtp} required
 * (RFC 5764), a client certificate required and checked against the SDP fingerprint (RFC 5763 §5).
 */
final class DtlsSrtpServer extends DefaultTlsServer {

    /** ECDHE for forward secrecy, ECDSA for our P-256 certificate, AEAD only (RFC 8827 §6.5, RFC 7525). */
    static final int[] CIPHER_SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    };

    private final BcTlsCrypto crypto;
    private final DtlsSrtpNegotiation negotiation;
    private final DtlsConfig config;
    private final PeerAlertListener alerts;

    DtlsSrtpServer(BcTlsCrypto crypto, DtlsSrtpNegotiation negotiation, DtlsConfig config, PeerAlertListener alerts) {
        super(crypto);
        this.crypto = crypto;
        this.negotiation = negotiation;
        this.config = config;
        this.alerts = alerts;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return TlsUtils.getSupportedCipherSuites(getCrypto(), CIPHER_SUITES);
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return (int) config.handshakeTimeout().toMillis();
    }

    @Override
    public int getHandshakeResendTimeMillis() {
        return (int) config.initialRetransmitTimeout().toMillis();
    }

    /** Peers' certificates are self-signed and trusted by fingerprint only: their signature is moot. */
    @Override
    public boolean shouldCheckSigAlgOfPeerCerts() {
        return false;
    }

    @Override
    @SuppressWarnings("rawtypes") // BouncyCastle's TlsPeer API uses raw Hashtables
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
        super.processClientExtensions(clientExtensions);
        negotiation.selectFromOffer(clientExtensions == null ? new Hashtable<>() : clientExtensions);
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"}) // BouncyCastle's TlsPeer API uses raw Hashtables
    public Hashtable getServerExtensions() throws IOException {
        Hashtable<Integer, byte[]> extensions = super.getServerExtensions();
        negotiation.addAnswer(extensions);
        return extensions;
    }

    @Override
    protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
        return negotiation.credentials(context, crypto, context.getSecurityParametersHandshake().getClientSigAlgs());
    }

    /** RFC 8827 §6.5: both endpoints authenticate with certificates, so we always ask for one. */
    @Override
    public CertificateRequest getCertificateRequest() {
        short[] types = {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign};
        return new CertificateRequest(types, TlsUtils.getDefaultSupportedSignatureAlgorithms(context), null);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        negotiation.checkPeerCertificate(clientCertificate);
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        negotiation.exportKeyingMaterial(context);
    }

    @Override
    public void notifyAlertReceived(short alertLevel, short alertDescription) {
        alerts.alertReceived(alertLevel, alertDescription);
    }
}
