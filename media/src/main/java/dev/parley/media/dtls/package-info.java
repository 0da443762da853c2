/**
 * DTLS-SRTP for WebRTC (RFC 5763, RFC 5764, RFC 6347, RFC 8827 §6.5) on BouncyCastle's DTLS 1.2.
 *
 * <p>At start-up: {@link dev.parley.media.dtls.DtlsCertificate#generate()} once, and one pool from
 * {@link dev.parley.media.dtls.DtlsHandshakeExecutor#create(int)}. Announce
 * {@code a=fingerprint:} + {@code certificate.fingerprint().toSdpValue()} in every SDP.
 *
 * <p>Per WebRTC transport, once ICE has a selected pair: a {@link dev.parley.media.dtls.DtlsAssociation}
 * with the role from {@code a=setup} ({@link dev.parley.media.dtls.DtlsRole#forLocalSetup}), the peer's
 * parsed fingerprint ({@link dev.parley.media.dtls.DtlsFingerprint#parse}) and a
 * {@link dev.parley.media.dtls.DatagramSender}; feed it the datagrams whose first byte is 20..63
 * (RFC 7983); {@code start()}; build SRTP from the {@link dev.parley.media.dtls.DtlsSrtpResult}
 * (profile id, local/remote master key and salt); tear down when {@code closed()} completes.
 *
 * <p>Only the handshake and alerts run here; SRTP itself lives in {@code dev.parley.media.srtp}, which
 * this package does not depend on.
 */
package dev.parley.media.dtls;
