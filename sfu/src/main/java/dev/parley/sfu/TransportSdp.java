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
 * The transport half of every SDP Parley writes: ICE-lite credentials, the DTLS fingerprint, host candidates
 * on the shared media ports (RFC 8839 §5.1) — one UDP and, with ICE-TCP, one passive TCP candidate per
 * announced address (RFC 6544 §4.5) — rtcp-mux, BUNDLE.
 */
public final class TransportSdp {
    private static final SecureRandom RANDOM = new SecureRandom();
    // RFC 8445 §5.1.2.1: type preference 126 (host), local preference 65535 (less for later addresses).
    private static final int UDP_TYPE_PREFERENCE = 126;
    // RFC 6544 §4.2: TCP candidates get a lower type preference than UDP ones so that UDP wins when both
    // work, and local preference = 2^13 * direction-pref + other-pref, direction-pref 4 for passive hosts.
    private static final int TCP_TYPE_PREFERENCE = 80;
    private static final int PASSIVE_DIRECTION_PREFERENCE = 4;

    private IceCredentials ice;
    private final Fingerprint fingerprint;
    private final CandidateAddresses addresses;
    private final Origin origin;
    private long version;

    public TransportSdp(String ufrag, String pwd, DtlsFingerprint fingerprint, String announceIp, int port) {
        this(ufrag, pwd, fingerprint, CandidateAddresses.udp(announceIp, port));
    }

    public TransportSdp(String ufrag, String pwd, DtlsFingerprint fingerprint, CandidateAddresses addresses) {
        this.ice = new IceCredentials(ufrag, pwd);
        this.fingerprint = Fingerprint.of(fingerprint.hashFunction().sdpName(), fingerprint.digest());
        this.addresses = addresses;
        this.origin = Origin.of(RANDOM.nextLong(), 1);
    }

    /** RFC 8445 §5.1.2.1: priority = 2^24 * type preference + 2^8 * local preference + (256 - component). */
    static long priority(int typePreference, int localPreference) {
        return ((long) typePreference << 24) | ((long) localPreference << 8) | (256 - 1);
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
        String first = addresses.ips().get(0);
        MediaDescriptionBuilder b = MediaDescription.builder(kind)
                .port(addresses.udpPort())
                .connection(first.contains(":") ? new Connection("IN", "IP6", first) : Connection.ip4(first))
                .mid(mid)
                .iceCredentials(ice)
                .addFingerprint(fingerprint)
                .setup(setup)
                .rtcpMux(true);
        List<String> ips = addresses.ips();
        for (int i = 0; i < ips.size(); i++) {
            b.addCandidate(Candidate.udpHost(foundation(ips.get(i), 1), priority(UDP_TYPE_PREFERENCE, 65535 - i),
                    ips.get(i), addresses.udpPort()));
        }
        if (addresses.tcpPort() > 0) {
            for (int i = 0; i < ips.size(); i++) {
                int local = (PASSIVE_DIRECTION_PREFERENCE << 13) | (8191 - i);
                b.addCandidate(Candidate.tcpPassiveHost(foundation(ips.get(i), 2),
                        priority(TCP_TYPE_PREFERENCE, local), ips.get(i), addresses.tcpPort()));
            }
        }
        return b.endOfCandidates(true);
    }

    /** RFC 8445 §5.1.1.3: the same for candidates of one type, base address and protocol, and only for them. */
    private static String foundation(String ip, int protocol) {
        return HexFormat.of().toHexDigits((byte) (ip.hashCode() & 0x7F)) + protocol;
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
