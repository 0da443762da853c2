package dev.parley.media.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One m-section (RFC 8866 §5.14 and the attributes JSEP, RFC 9429 §5.2, puts in it). Immutable; build one
 * with {@link #builder(MediaKind)} or change a parsed one with {@link #toBuilder()} / the {@code with...}
 * copies.
 *
 * <p>{@link #codecs()} follows the order of {@link #formats()}: one codec per payload type that has an
 * {@code a=rtpmap} (or is a static RFC 3551 type). Attributes the model has no field for, and codec lines
 * for payload types without a codec, are kept verbatim in {@link #attributes()}.
 *
 * @param port 0 rejects the section (RFC 3264 §6), 9 is JSEP's placeholder for a bundled section
 * @param portCount the {@code /<number of ports>} of the m= line, 1 when absent
 * @param formats the m= line's format list: payload types as text for RTP, {@code webrtc-datachannel} for SCTP
 * @param otherLines {@code i=} and {@code k=} lines, verbatim
 * @param direction the section's direction attribute; see {@link SessionDescription#resolvedDirection}
 * @param rtcpReducedSize {@code a=rtcp-rsize} (RFC 5506)
 * @param ssrcs {@code a=ssrc} lines in written order
 * @param attributes attributes the model has no field for, verbatim and in order
 */
public record MediaDescription(MediaKind kind, int port, int portCount, String protocol, List<String> formats,
        List<SdpLine> otherLines, Optional<Connection> connection, List<Bandwidth> bandwidths, Optional<String> mid,
        Optional<Direction> direction, boolean rtcpMux, boolean rtcpReducedSize, Optional<String> iceUfrag,
        Optional<String> icePwd, List<String> iceOptions, List<Fingerprint> fingerprints, Optional<Setup> setup,
        List<Candidate> candidates, boolean endOfCandidates, List<Codec> codecs, List<Extmap> extmaps,
        boolean extmapAllowMixed, List<Msid> msids, List<SsrcAttribute> ssrcs, List<SsrcGroup> ssrcGroups,
        List<Rid> rids, Optional<Simulcast> simulcast, List<Attribute> attributes) {

    /** The secure RTP profile of WebRTC (RFC 8827 §6.5, JSEP RFC 9429 §5.1.2). */
    public static final String RTP_PROFILE = "UDP/TLS/RTP/SAVPF";
    /** The data channel profile (RFC 8841 §4). */
    public static final String SCTP_PROFILE = "UDP/DTLS/SCTP";

    public MediaDescription {
        formats = List.copyOf(formats);
        otherLines = List.copyOf(otherLines);
        bandwidths = List.copyOf(bandwidths);
        iceOptions = List.copyOf(iceOptions);
        fingerprints = List.copyOf(fingerprints);
        candidates = List.copyOf(candidates);
        codecs = List.copyOf(codecs);
        extmaps = List.copyOf(extmaps);
        msids = List.copyOf(msids);
        ssrcs = List.copyOf(ssrcs);
        ssrcGroups = List.copyOf(ssrcGroups);
        rids = List.copyOf(rids);
        attributes = List.copyOf(attributes);
    }

    /** An empty section of this kind: port 9, {@value #RTP_PROFILE} (or SCTP for application), no formats. */
    public static MediaDescriptionBuilder builder(MediaKind kind) {
        return new MediaDescriptionBuilder(kind);
    }

    public MediaDescriptionBuilder toBuilder() {
        return new MediaDescriptionBuilder(this);
    }

    public MediaDescription withPort(int newPort) {
        return toBuilder().port(newPort).build();
    }

    public MediaDescription withDirection(Direction newDirection) {
        return toBuilder().direction(newDirection).build();
    }

    /** The same section with these codecs, and the m= line's formats set to their payload types. */
    public MediaDescription withCodecs(List<Codec> newCodecs) {
        return toBuilder().codecs(newCodecs).build();
    }

    public MediaDescription withCandidates(List<Candidate> newCandidates) {
        return toBuilder().candidates(newCandidates).build();
    }

    /** True for RTP profiles ({@code RTP/AVP}, {@code UDP/TLS/RTP/SAVPF}...), whose formats are payload types. */
    public boolean isRtp() {
        return isRtpProtocol(protocol);
    }

    static boolean isRtpProtocol(String protocol) {
        return protocol.contains("RTP/");
    }

    /** RFC 3264 §6 / RFC 8843 §7.3.3: port 0 without {@code a=bundle-only} rejects the section. */
    public boolean isRejected() {
        return port == 0 && attribute("bundle-only").isEmpty();
    }

    /** The m= line's payload types in order (empty for non-RTP sections). */
    public List<Integer> payloadTypes() {
        List<Integer> types = new ArrayList<>(formats.size());
        if (isRtp()) {
            for (String f : formats) {
                try {
                    types.add(SdpSyntax.payloadType(f));
                } catch (SdpParseException e) {
                    // a hand-built section may carry a non-numeric format; it is not a payload type
                }
            }
        }
        return List.copyOf(types);
    }

    public Optional<Codec> codec(int payloadType) {
        return codecs.stream().filter(c -> c.payloadType() == payloadType).findFirst();
    }

    /** The first codec with this encoding name, ignoring case (the offerer's preferred one). */
    public Optional<Codec> codec(String name) {
        return codecs.stream().filter(c -> c.isNamed(name)).findFirst();
    }

    /** Every codec with this encoding name, ignoring case, in preference order (e.g. H.264 profiles). */
    public List<Codec> codecsNamed(String name) {
        return codecs.stream().filter(c -> c.isNamed(name)).toList();
    }

    /** The payload type of the RTX format whose {@code apt} is {@code payloadType} (RFC 4588 §8.6). */
    public OptionalInt rtxPayloadType(int payloadType) {
        for (Codec c : codecs) {
            if (c.isRtx() && c.associatedPayloadType().equals(OptionalInt.of(payloadType))) {
                return OptionalInt.of(c.payloadType());
            }
        }
        return OptionalInt.empty();
    }

    /** The local id of the header extension with this URI (RFC 8285 §8). */
    public OptionalInt extmapId(String uri) {
        for (Extmap e : extmaps) {
            if (e.uri().equals(uri)) {
                return OptionalInt.of(e.id());
            }
        }
        return OptionalInt.empty();
    }

    /** The SSRCs of the {@code a=ssrc} lines, each once, in written order. */
    public List<Long> ssrcIds() {
        return ssrcs.stream().map(SsrcAttribute::ssrc).distinct().toList();
    }

    /** The value of a source attribute ({@code cname}, {@code msid}...) of one SSRC. */
    public Optional<String> ssrcAttribute(long ssrc, String attributeName) {
        return ssrcs.stream().filter(s -> s.ssrc() == ssrc && s.attribute().equals(attributeName))
                .map(SsrcAttribute::value).findFirst();
    }

    /** The RTX SSRC paired with {@code mediaSsrc} by an {@code a=ssrc-group:FID} (RFC 4588 §8.2). */
    public OptionalLong rtxSsrc(long mediaSsrc) {
        for (SsrcGroup g : ssrcGroups) {
            if (g.isFid() && g.ssrcs().size() >= 2 && g.ssrcs().get(0) == mediaSsrc) {
                return OptionalLong.of(g.ssrcs().get(1));
            }
        }
        return OptionalLong.empty();
    }

    /** The first verbatim attribute with this name (e.g. {@code sctp-port}, {@code bundle-only}). */
    public Optional<Attribute> attribute(String name) {
        return attributes.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    /** Writes this m-section alone, CRLF-terminated, in the order {@link SessionDescription#write()} uses. */
    public String write() {
        StringBuilder out = new StringBuilder(2048);
        SdpWriter.writeMedia(out, this);
        return out.toString();
    }
}
