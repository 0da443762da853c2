package dev.parley.sfu;

import dev.parley.media.dtls.DtlsFingerprint;
import dev.parley.media.sdp.Candidate;
import dev.parley.media.sdp.Connection;
import dev.parley.media.sdp.Fingerprint;
import dev.parley.media.sdp.Group;
import dev.parley.media.stun.IceCredentials;
import dev.parley.media.sdp.MediaDescription;
import dev.parley.media.sdp.MediaDescriptionBuilder;
import dev.parley.media.sdp.MediaKind;
import dev.parley.media.sdp.Origin;
import dev.parley.media.sdp.SessionDescription;
import dev.parley.media.sdp.SessionDescriptionBuilder;
import dev.parley.media.sdp.Setup;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * The transport half of every SDP Parley writes: ICE-lite credentials, the DTLS fingerprint, one UDP host
 * candidate on the shared media port (RFC 8839 §5.1), rtcp-mux, BUNDLE.
 */
public final class TransportSdp {
    private static final SecureRandom RANDOM = new SecureRandom();
    // RFC 8445 §5.1.2.1 with type preference 126 (host), local preference 65535, component 1.
    private static final long HOST_PRIORITY = (126L << 24) | (65535L << 8) | (256 - 1);

    private IceCredentials ice;
    private final Fingerprint fingerprint;
    private final String announceIp;
    private final int port;
    private final Origin origin;
    private long version;

    public TransportSdp(String ufrag, String pwd, DtlsFingerprint fingerprint, String announceIp, int port) {
        this.ice = new IceCredentials(ufrag, pwd);
        this.fingerprint = Fingerprint.of(fingerprint.hashFunction().sdpName(), fingerprint.digest());
        this.announceIp = announceIp;
        this.port = port;
        this.origin = Origin.of(RANDOM.nextLong(), 1);
    }

    /** The transport's ICE credentials after an ICE restart: what the next description carries (RFC 8445 §9). */
    public void restartIce(IceCredentials fresh) {
        this.ice = fresh;
    }

    /** A new description of this session (the version goes up each time, RFC 3264 §8). */
    public SessionDescriptionBuilder session(List<String> bundleMids) {
        SessionDescriptionBuilder b = SessionDescription.builder(
                new Origin(origin.username(), origin.sessionId(), origin.sessionVersion() + version++,
                        origin.netType(), origin.addressType(), origin.address()))
                .iceLite(true);
        if (!bundleMids.isEmpty()) {
            b.addGroup(Group.bundle(bundleMids));
        }
        return b;
    }

    /** A section carrying this transport: ICE, DTLS, candidate, rtcp-mux. */
    public MediaDescriptionBuilder section(MediaKind kind, String mid, Setup setup) {
        return MediaDescription.builder(kind)
                .port(port)
                .connection(announceIp.contains(":") ? new Connection("IN", "IP6", announceIp)
                        : Connection.ip4(announceIp))
                .mid(mid)
                .iceCredentials(ice)
                .addFingerprint(fingerprint)
                .setup(setup)
                .rtcpMux(true)
                .addCandidate(Candidate.udpHost(foundation(), HOST_PRIORITY, announceIp, port))
                .endOfCandidates(true);
    }

    private String foundation() {
        return HexFormat.of().toHexDigits((byte) (announceIp.hashCode() & 0x7F)) + "1";
    }

    /** RFC 3264 §6: a rejected section keeps the offer's kind, protocol and formats with port 0. */
    public static MediaDescription rejected(MediaDescription offered) {
        MediaDescriptionBuilder b = MediaDescription.builder(offered.kind())
                .port(0)
                .protocol(offered.protocol())
                .formats(offered.formats())
                .connection(Connection.UNSPECIFIED_IP4);
        offered.mid().ifPresent(b::mid);
        return b.build();
    }
}
