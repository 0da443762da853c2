package dev.parley.media.sdp;

import dev.parley.media.stun.IceCredentials;
import java.util.List;
import java.util.Optional;

/**
 * A WebRTC session description (RFC 8866 with the attributes of JSEP RFC 9429, BUNDLE RFC 8843 and
 * ICE RFC 8839), immutable. {@link #parse} reads what browsers write; {@link #write} produces canonical,
 * CRLF-terminated SDP; {@code parse(write(d))} equals {@code d} for every parsed {@code d}.
 *
 * <p>Transport attributes may sit at session or media level; the {@code resolved...} accessors apply
 * RFC 8866's rule that a media-level attribute overrides the session-level one.
 *
 * @param version always 0 (RFC 8866 §5.1)
 * @param otherLines session-level {@code i= u= e= p= r= z= k=} lines and extra {@code t=} lines, verbatim
 * @param groups {@code a=group} lines, e.g. BUNDLE (RFC 8843 §7.1)
 * @param iceLite {@code a=ice-lite} (RFC 8839 §5.3): this side is an ICE-lite agent, as Parley is
 * @param direction a session-level direction attribute (Firefox writes one), the default for every section
 * @param attributes session attributes the model has no field for, verbatim and in order
 */
public record SessionDescription(int version, Origin origin, String sessionName, Timing timing,
        List<SdpLine> otherLines, Optional<Connection> connection, List<Bandwidth> bandwidths, List<Group> groups,
        Optional<MsidSemantic> msidSemantic, boolean iceLite, List<String> iceOptions, Optional<String> iceUfrag,
        Optional<String> icePwd, List<Fingerprint> fingerprints, Optional<Setup> setup, Optional<Direction> direction,
        boolean extmapAllowMixed, List<Attribute> attributes, List<MediaDescription> media) {

    /** Largest SDP {@link #parse} accepts, in characters (256 KiB): a browser offer is a few KiB. */
    public static final int MAX_LENGTH = 256 * 1024;
    /** Most m-sections {@link #parse} accepts. */
    public static final int MAX_MEDIA_SECTIONS = 64;
    /** Most lines {@link #parse} accepts. */
    public static final int MAX_LINES = 16 * 1024;

    public SessionDescription {
        otherLines = List.copyOf(otherLines);
        bandwidths = List.copyOf(bandwidths);
        groups = List.copyOf(groups);
        iceOptions = List.copyOf(iceOptions);
        fingerprints = List.copyOf(fingerprints);
        attributes = List.copyOf(attributes);
        media = List.copyOf(media);
    }

    /**
     * Parses a session description. Lines may end in CRLF or LF; blank lines and trailing blanks are
     * ignored; attributes the model has no field for are kept verbatim.
     *
     * @throws SdpParseException (never an unchecked exception) when the text exceeds {@link #MAX_LENGTH},
     *     {@link #MAX_LINES} or {@link #MAX_MEDIA_SECTIONS}; does not start with {@code v=0}; lacks
     *     {@code o=}, {@code s=} or {@code t=}; has a line of unknown type or in the wrong place; or has a
     *     value that would produce a wrong model (a non-numeric payload type, port, SSRC or priority, a
     *     candidate with too few fields, a malformed fingerprint, a duplicate rtpmap or mid...). The
     *     message names the line number and quotes the line.
     */
    public static SessionDescription parse(String sdp) throws SdpParseException {
        return SdpParser.parse(sdp);
    }

    /** An empty description: {@code v=0}, the given origin, {@code s=-}, {@code t=0 0}, no sections. */
    public static SessionDescriptionBuilder builder(Origin origin) {
        return new SessionDescriptionBuilder(origin);
    }

    public SessionDescriptionBuilder toBuilder() {
        return new SessionDescriptionBuilder(this);
    }

    public SessionDescription withMedia(List<MediaDescription> newMedia) {
        return toBuilder().media(newMedia).build();
    }

    public SessionDescription withOrigin(Origin newOrigin) {
        return toBuilder().origin(newOrigin).build();
    }

    /** The first BUNDLE group (RFC 8843 §7.1). */
    public Optional<Group> bundleGroup() {
        return groups.stream().filter(Group::isBundle).findFirst();
    }

    /** The mids of the first BUNDLE group, the first being the offerer's tagged section; empty without BUNDLE. */
    public List<String> bundleMids() {
        return bundleGroup().map(Group::mids).orElse(List.of());
    }

    public Optional<MediaDescription> mediaByMid(String mid) {
        return media.stream().filter(m -> m.mid().equals(Optional.of(mid))).findFirst();
    }

    /** {@code a=ice-ufrag} of a section, falling back to the session level (RFC 8839 §5.4). */
    public Optional<String> resolvedIceUfrag(MediaDescription m) {
        return m.iceUfrag().or(this::iceUfrag);
    }

    /** {@code a=ice-pwd} of a section, falling back to the session level (RFC 8839 §5.4). */
    public Optional<String> resolvedIcePwd(MediaDescription m) {
        return m.icePwd().or(this::icePwd);
    }

    /**
     * {@code a=ice-ufrag} and {@code a=ice-pwd} of a section, each falling back to the session level; empty
     * when either is missing or not usable as credentials (an empty value, a ':' in the ufrag).
     */
    public Optional<IceCredentials> resolvedIceCredentials(MediaDescription m) {
        Optional<String> ufrag = resolvedIceUfrag(m);
        Optional<String> pwd = resolvedIcePwd(m);
        if (ufrag.isEmpty() || pwd.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new IceCredentials(ufrag.get(), pwd.get()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The section's fingerprints, or the session's when the section has none (RFC 8122 §5). */
    public List<Fingerprint> resolvedFingerprints(MediaDescription m) {
        return m.fingerprints().isEmpty() ? fingerprints : m.fingerprints();
    }

    /** The section's first fingerprint, or the session's. */
    public Optional<Fingerprint> resolvedFingerprint(MediaDescription m) {
        return resolvedFingerprints(m).stream().findFirst();
    }

    /** The section's DTLS role, or the session's (RFC 8842 §5). */
    public Optional<Setup> resolvedSetup(MediaDescription m) {
        return m.setup().or(this::setup);
    }

    /** The section's direction, else the session's, else sendrecv (RFC 8866 §6.7). */
    public Direction resolvedDirection(MediaDescription m) {
        return m.direction().or(this::direction).orElse(Direction.SENDRECV);
    }

    /** Canonical SDP, CRLF-terminated: v, o, s, t, session attributes, then each m-section (RFC 8866 §5). */
    public String write() {
        return SdpWriter.write(this);
    }

    /** The same as {@link #write()}. */
    @Override
    public String toString() {
        return write();
    }
}
