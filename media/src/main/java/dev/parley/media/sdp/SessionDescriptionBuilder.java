package dev.parley.media.sdp;

import dev.parley.media.stun.IceCredentials;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Builds a {@link SessionDescription}; start from {@link SessionDescription#builder} or {@link SessionDescription#toBuilder}. */
public final class SessionDescriptionBuilder {
    private Origin origin;
    private String sessionName = "-";
    private Timing timing = Timing.UNBOUNDED;
    private List<SdpLine> otherLines = new ArrayList<>();
    private Optional<Connection> connection = Optional.empty();
    private List<Bandwidth> bandwidths = new ArrayList<>();
    private List<Group> groups = new ArrayList<>();
    private Optional<MsidSemantic> msidSemantic = Optional.empty();
    private boolean iceLite;
    private List<String> iceOptions = new ArrayList<>();
    private Optional<String> iceUfrag = Optional.empty();
    private Optional<String> icePwd = Optional.empty();
    private List<Fingerprint> fingerprints = new ArrayList<>();
    private Optional<Setup> setup = Optional.empty();
    private Optional<Direction> direction = Optional.empty();
    private boolean extmapAllowMixed;
    private List<Attribute> attributes = new ArrayList<>();
    private List<MediaDescription> media = new ArrayList<>();

    SessionDescriptionBuilder(Origin origin) {
        this.origin = origin;
    }

    SessionDescriptionBuilder(SessionDescription d) {
        origin = d.origin();
        sessionName = d.sessionName();
        timing = d.timing();
        otherLines = new ArrayList<>(d.otherLines());
        connection = d.connection();
        bandwidths = new ArrayList<>(d.bandwidths());
        groups = new ArrayList<>(d.groups());
        msidSemantic = d.msidSemantic();
        iceLite = d.iceLite();
        iceOptions = new ArrayList<>(d.iceOptions());
        iceUfrag = d.iceUfrag();
        icePwd = d.icePwd();
        fingerprints = new ArrayList<>(d.fingerprints());
        setup = d.setup();
        direction = d.direction();
        extmapAllowMixed = d.extmapAllowMixed();
        attributes = new ArrayList<>(d.attributes());
        media = new ArrayList<>(d.media());
    }

    public SessionDescription build() {
        return new SessionDescription(0, origin, sessionName, timing, otherLines, connection, bandwidths, groups,
                msidSemantic, iceLite, iceOptions, iceUfrag, icePwd, fingerprints, setup, direction, extmapAllowMixed,
                attributes, media);
    }

    public SessionDescriptionBuilder origin(Origin value) {
        origin = value;
        return this;
    }

    public SessionDescriptionBuilder sessionName(String value) {
        sessionName = value;
        return this;
    }

    public SessionDescriptionBuilder timing(Timing value) {
        timing = value;
        return this;
    }

    public SessionDescriptionBuilder otherLines(List<SdpLine> value) {
        otherLines = new ArrayList<>(value);
        return this;
    }

    public SessionDescriptionBuilder addOtherLine(SdpLine value) {
        otherLines.add(value);
        return this;
    }

    public SessionDescriptionBuilder connection(Connection value) {
        connection = Optional.of(value);
        return this;
    }

    public SessionDescriptionBuilder bandwidths(List<Bandwidth> value) {
        bandwidths = new ArrayList<>(value);
        return this;
    }

    public SessionDescriptionBuilder addBandwidth(Bandwidth value) {
        bandwidths.add(value);
        return this;
    }

    public SessionDescriptionBuilder groups(List<Group> value) {
        groups = new ArrayList<>(value);
        return this;
    }

    public SessionDescriptionBuilder addGroup(Group value) {
        groups.add(value);
        return this;
    }

    public SessionDescriptionBuilder msidSemantic(MsidSemantic value) {
        msidSemantic = Optional.of(value);
        return this;
    }

    public SessionDescriptionBuilder iceLite(boolean value) {
        iceLite = value;
        return this;
    }

    public SessionDescriptionBuilder iceOptions(List<String> value) {
        iceOptions = new ArrayList<>(value);
        return this;
    }

    public SessionDescriptionBuilder addIceOptions(List<String> value) {
        iceOptions.addAll(value);
        return this;
    }

    public SessionDescriptionBuilder iceUfrag(String value) {
        iceUfrag = Optional.of(value);
        return this;
    }

    public SessionDescriptionBuilder icePwd(String value) {
        icePwd = Optional.of(value);
        return this;
    }

    public SessionDescriptionBuilder iceCredentials(IceCredentials value) {
        return iceUfrag(value.ufrag()).icePwd(value.password());
    }

    public SessionDescriptionBuilder fingerprints(List<Fingerprint> value) {
        fingerprints = new ArrayList<>(value);
        return this;
    }

    public SessionDescriptionBuilder addFingerprint(Fingerprint value) {
        fingerprints.add(value);
        return this;
    }

    public SessionDescriptionBuilder setup(Setup value) {
        setup = Optional.of(value);
        return this;
    }

    public SessionDescriptionBuilder direction(Direction value) {
        direction = Optional.of(value);
        return this;
    }

    public SessionDescriptionBuilder extmapAllowMixed(boolean value) {
        extmapAllowMixed = value;
        return this;
    }

    public SessionDescriptionBuilder attributes(List<Attribute> value) {
        attributes = new ArrayList<>(value);
        return this;
    }

    public SessionDescriptionBuilder addAttribute(Attribute value) {
        attributes.add(value);
        return this;
    }

    public SessionDescriptionBuilder media(List<MediaDescription> value) {
        media = new ArrayList<>(value);
        return this;
    }

    public SessionDescriptionBuilder addMedia(MediaDescription value) {
        media.add(value);
        return this;
    }
}
