package dev.parley.media.sdp;

import dev.parley.media.stun.IceCredentials;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Builds a {@link MediaDescription}; start from {@link MediaDescription#builder} or {@link MediaDescription#toBuilder}. */
public final class MediaDescriptionBuilder {
    private final MediaKind kind;
    private int port = 9;
    private int portCount = 1;
    private String protocol;
    private List<String> formats = new ArrayList<>();
    private List<SdpLine> otherLines = new ArrayList<>();
    private Optional<Connection> connection = Optional.empty();
    private List<Bandwidth> bandwidths = new ArrayList<>();
    private Optional<String> mid = Optional.empty();
    private Optional<Direction> direction = Optional.empty();
    private boolean rtcpMux;
    private boolean rtcpReducedSize;
    private Optional<String> iceUfrag = Optional.empty();
    private Optional<String> icePwd = Optional.empty();
    private List<String> iceOptions = new ArrayList<>();
    private List<Fingerprint> fingerprints = new ArrayList<>();
    private Optional<Setup> setup = Optional.empty();
    private List<Candidate> candidates = new ArrayList<>();
    private boolean endOfCandidates;
    private List<Codec> codecs = new ArrayList<>();
    private List<Extmap> extmaps = new ArrayList<>();
    private boolean extmapAllowMixed;
    private List<Msid> msids = new ArrayList<>();
    private List<SsrcAttribute> ssrcs = new ArrayList<>();
    private List<SsrcGroup> ssrcGroups = new ArrayList<>();
    private List<Rid> rids = new ArrayList<>();
    private Optional<Simulcast> simulcast = Optional.empty();
    private List<Attribute> attributes = new ArrayList<>();

    MediaDescriptionBuilder(MediaKind kind) {
        this.kind = kind;
        this.protocol = kind == MediaKind.APPLICATION ? MediaDescription.SCTP_PROFILE : MediaDescription.RTP_PROFILE;
    }

    MediaDescriptionBuilder(MediaDescription m) {
        kind = m.kind();
        port = m.port();
        portCount = m.portCount();
        protocol = m.protocol();
        formats = new ArrayList<>(m.formats());
        otherLines = new ArrayList<>(m.otherLines());
        connection = m.connection();
        bandwidths = new ArrayList<>(m.bandwidths());
        mid = m.mid();
        direction = m.direction();
        rtcpMux = m.rtcpMux();
        rtcpReducedSize = m.rtcpReducedSize();
        iceUfrag = m.iceUfrag();
        icePwd = m.icePwd();
        iceOptions = new ArrayList<>(m.iceOptions());
        fingerprints = new ArrayList<>(m.fingerprints());
        setup = m.setup();
        candidates = new ArrayList<>(m.candidates());
        endOfCandidates = m.endOfCandidates();
        codecs = new ArrayList<>(m.codecs());
        extmaps = new ArrayList<>(m.extmaps());
        extmapAllowMixed = m.extmapAllowMixed();
        msids = new ArrayList<>(m.msids());
        ssrcs = new ArrayList<>(m.ssrcs());
        ssrcGroups = new ArrayList<>(m.ssrcGroups());
        rids = new ArrayList<>(m.rids());
        simulcast = m.simulcast();
        attributes = new ArrayList<>(m.attributes());
    }

    public MediaDescription build() {
        return new MediaDescription(kind, port, portCount, protocol, formats, otherLines, connection, bandwidths, mid,
                direction, rtcpMux, rtcpReducedSize, iceUfrag, icePwd, iceOptions, fingerprints, setup, candidates,
                endOfCandidates, codecs, extmaps, extmapAllowMixed, msids, ssrcs, ssrcGroups, rids, simulcast,
                attributes);
    }

    public MediaDescriptionBuilder port(int value) {
        port = value;
        return this;
    }

    public MediaDescriptionBuilder portCount(int value) {
        portCount = value;
        return this;
    }

    public MediaDescriptionBuilder protocol(String value) {
        protocol = value;
        return this;
    }

    /** The m= line's formats; {@link #codecs} sets them for RTP sections. */
    public MediaDescriptionBuilder formats(List<String> value) {
        formats = new ArrayList<>(value);
        return this;
    }

    public MediaDescriptionBuilder otherLines(List<SdpLine> value) {
        otherLines = new ArrayList<>(value);
        return this;
    }

    public MediaDescriptionBuilder addOtherLine(SdpLine value) {
        otherLines.add(value);
        return this;
    }

    public MediaDescriptionBuilder connection(Connection value) {
        connection = Optional.of(value);
        return this;
    }

    public MediaDescriptionBuilder bandwidths(List<Bandwidth> value) {
        bandwidths = new ArrayList<>(value);
        return this;
    }

    public MediaDescriptionBuilder addBandwidth(Bandwidth value) {
        bandwidths.add(value);
        return this;
    }

    public MediaDescriptionBuilder mid(String value) {
        mid = Optional.of(value);
        return this;
    }

    public MediaDescriptionBuilder direction(Direction value) {
        direction = Optional.of(value);
        return this;
    }

    public MediaDescriptionBuilder rtcpMux(boolean value) {
        rtcpMux = value;
        return this;
    }

    public MediaDescriptionBuilder rtcpReducedSize(boolean value) {
        rtcpReducedSize = value;
        return this;
    }

    public MediaDescriptionBuilder iceCredentials(IceCredentials value) {
        iceUfrag = Optional.of(value.ufrag());
        icePwd = Optional.of(value.password());
        return this;
    }

    public MediaDescriptionBuilder iceUfrag(String value) {
        iceUfrag = Optional.of(value);
        return this;
    }

    public MediaDescriptionBuilder icePwd(String value) {
        icePwd = Optional.of(value);
        return this;
    }

    public MediaDescriptionBuilder iceOptions(List<String> value) {
        iceOptions = new ArrayList<>(value);
        return this;
    }

    public MediaDescriptionBuilder addIceOptions(List<String> value) {
        iceOptions.addAll(value);
        return this;
    }

    public MediaDescriptionBuilder fingerprints(List<Fingerprint> value) {
        fingerprints = new ArrayList<>(value);
        return this;
    }

    public MediaDescriptionBuilder addFingerprint(Fingerprint value) {
        fingerprints.add(value);
        return this;
    }

    public MediaDescriptionBuilder setup(Setup value) {
        setup = Optional.of(value);
        return this;
    }

    public MediaDescriptionBuilder candidates(List<Candidate> value) {
        candidates = new ArrayList<>(value);
        return this;
    }

    public MediaDescriptionBuilder addCandidate(Candidate value) {
        candidates.add(value);
        return this;
    }

    public MediaDescriptionBuilder endOfCandidates(boolean value) {
        endOfCandidates = value;
        return this;
    }

    /**
     * The codecs, in preference order; also sets the m= line's formats to their payload types (call
     * {@link #formats} afterwards to list payload types that have no codec).
     */
    public MediaDescriptionBuilder codecs(List<Codec> value) {
        codecs = new ArrayList<>(value);
        formats = new ArrayList<>();
        for (Codec c : value) {
            formats.add(Integer.toString(c.payloadType()));
        }
        return this;
    }

    public MediaDescriptionBuilder extmaps(List<Extmap> value) {
        extmaps = new ArrayList<>(value);
        return this;
    }

    public MediaDescriptionBuilder addExtmap(Extmap value) {
        extmaps.add(value);
        return this;
    }

    public MediaDescriptionBuilder extmapAllowMixed(boolean value) {
        extmapAllowMixed = value;
        return this;
    }

    public MediaDescriptionBuilder msids(List<Msid> value) {
        msids = new ArrayList<>(value);
        return this;
    }

    public MediaDescriptionBuilder addMsid(Msid value) {
        msids.add(value);
        return this;
    }

    public MediaDescriptionBuilder ssrcs(List<SsrcAttribute> value) {
        ssrcs = new ArrayList<>(value);
        return this;
    }

    public MediaDescriptionBuilder addSsrc(SsrcAttribute value) {
        ssrcs.add(value);
        return this;
    }

    /** Adds {@code a=ssrc:<ssrc> <attribute>:<value>}, e.g. {@code cname}. */
    public MediaDescriptionBuilder addSsrc(long ssrc, String attribute, String value) {
        ssrcs.add(new SsrcAttribute(ssrc, attribute, value));
        return this;
    }

    public MediaDescriptionBuilder ssrcGroups(List<SsrcGroup> value) {
        ssrcGroups = new ArrayList<>(value);
        return this;
    }

    public MediaDescriptionBuilder addSsrcGroup(SsrcGroup value) {
        ssrcGroups.add(value);
        return this;
    }

    public MediaDescriptionBuilder rids(List<Rid> value) {
        rids = new ArrayList<>(value);
        return this;
    }

    public MediaDescriptionBuilder addRid(Rid value) {
        rids.add(value);
        return this;
    }

    public MediaDescriptionBuilder simulcast(Optional<Simulcast> value) {
        simulcast = value;
        return this;
    }

    public MediaDescriptionBuilder simulcast(Simulcast value) {
        return simulcast(Optional.of(value));
    }

    public MediaDescriptionBuilder attributes(List<Attribute> value) {
        attributes = new ArrayList<>(value);
        return this;
    }

    public MediaDescriptionBuilder addAttribute(Attribute value) {
        attributes.add(value);
        return this;
    }
}
