package dev.parley.media.dtls;

import java.io.IOException;
import java.util.Hashtable;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * Our DTLS 1.2 client (RFC 6347) for WebRTC: offers {@code use_srtp} (RFC 5764), checks the server
 * certificate against the SDP fingerprint (RFC 5763 §5) and answers the server's CertificateRequest
 * with our self-signed certificate.
 */
final class DtlsSrtpClient extends DefaultTlsClient {

    private final BcTlsCrypto crypto;
    private final DtlsSrtpNegotiation negotiation;
    private final DtlsConfig config;
    private final PeerAlertListener alerts;

    DtlsSrtpClient(BcTlsCrypto crypto, DtlsSrtpNegotiation negotiation, DtlsConfig config, PeerAlertListener alerts) {
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
        return TlsUtils.getSupportedCipherSuites(getCrypto(), DtlsSrtpServer.CIPHER_SUITES);
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
    @SuppressWarnings({"rawtypes", "unchecked"}) // BouncyCastle's TlsPeer API uses raw Hashtables
    public Hashtable getClientExtensions() throws IOException {
        Hashtable<Integer, byte[]> extensions = TlsExtensionsUtils.ensureExtensionsInitialised(super.getClientExtensions());
        negotiation.addOffer(extensions);
        return extensions;
    }

    @Override
    @SuppressWarnings("rawtypes") // BouncyCastle's TlsPeer API uses raw Hashtables
    public void processServerExtensions(Hashtable serverExtensions) throws IOException {
        super.processServerExtensions(serverExtensions);
        negotiation.acceptAnswer(serverExtensions);
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                negotiation.checkPeerCertificate(serverCertificate.getCertificate());
            }

            @Override
            public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                return negotiation.credentials(context, crypto, request.getSupportedSignatureAlgorithms());
            }
        };
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
