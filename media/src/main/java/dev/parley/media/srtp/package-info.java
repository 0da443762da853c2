/**
 * SRTP and SRTCP (RFC 3711) with the two profiles browsers offer over DTLS-SRTP (RFC 5764):
 * {@code AES128_CM_HMAC_SHA1_80} and {@code AEAD_AES_128_GCM} (RFC 7714).
 *
 * <p>Wiring, once the DTLS handshake has chosen a profile:
 * <pre>{@code
 * SrtpProfile profile = SrtpProfile.fromId(negotiatedId).orElseThrow();
 * byte[] material = exporter.export("EXTRACTOR-dtls_srtp", null, profile.keyingMaterialLength());
 * SrtpKeys keys = SrtpKeys.fromExporter(profile, material, weAreDtlsClient);
 * SrtpSender sender = keys.newSender();          // protects what we send
 * SrtpReceiver receiver = keys.newReceiver(1024); // unprotects what the peer sends
 *
 * int wireLength = sender.protectRtp(buf, off, len);      // buf needs profile.rtpOverhead() headroom
 * int plainLength = receiver.unprotectRtp(buf, off, len); // throws SrtpException: drop the packet
 * }</pre>
 *
 * <p>Threading: a {@link dev.parley.media.srtp.SrtpSender} or {@link dev.parley.media.srtp.SrtpReceiver}
 * is not thread-safe and takes no locks; it belongs to one transport and is used by one thread at a
 * time (its event loop). Per packet, nothing is allocated that a reused buffer avoids; what the JCA
 * forces remains: a parameter object per IV (AES-CTR above 128 bytes, GCM), HMAC-SHA1's 20-byte result,
 * and the JDK 17 GCM engine's internal state on every {@code init} (about 1 KB per packet).
 */
package dev.parley.media.srtp;
