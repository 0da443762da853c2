package dev.parley.media.sdp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one m-section's lines into a {@link MediaDescription}. Codec lines ({@code rtpmap}, {@code fmtp},
 * {@code rtcp-fb}) may come in any order (Firefox writes fmtp before rtpmap), so they are collected and
 * joined into {@link Codec}s when the section ends.
 */
final class MediaSectionParser {
    /** A codec line for a payload type of the m= line, kept until we know whether the type has a codec. */
    private record CodecLine(int payloadType, String name, String value) {
    }

    private final MediaDescriptionBuilder media;
    private final List<String> formats;
    private final boolean rtp;
    private final Set<Integer> payloadTypes = new LinkedHashSet<>();
    private final Map<Integer, Codec> rtpmaps = new HashMap<>();
    private final Map<Integer, Map<String, String>> fmtps = new HashMap<>();
    private final Map<Integer, List<RtcpFeedback>> feedback = new HashMap<>();
    private final List<CodecLine> codecLines = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();

    /** Parses {@code <media> <port>[/<count>] <proto> <fmt>...} (RFC 8866 §5.14). */
    MediaSectionParser(String mLine) throws SdpParseException {
        List<String> w = SdpSyntax.words(mLine);
        if (w.size() < 3) {
            throw new SdpParseException("bad m= line: needs <media> <port> <proto> <fmt>...");
        }
        media = MediaDescription.builder(MediaKind.parse(w.get(0)));
        String port = w.get(1);
        int slash = port.indexOf('/');
        if (slash >= 0) {
            media.portCount(SdpSyntax.unsignedInt(port.substring(slash + 1), 65535, "port count"));
            port = port.substring(0, slash);
        }
        media.port(SdpSyntax.port(port));
        String protocol = w.get(2);
        media.protocol(protocol);
        rtp = MediaDescription.isRtpProtocol(protocol);
        formats = List.copyOf(w.subList(3, w.size()));
        Set<String> distinct = new HashSet<>();
        for (String f : formats) {
            boolean fresh = rtp ? payloadTypes.add(SdpSyntax.payloadType(f)) : distinct.add(f);
            if (!fresh) {
                throw new SdpParseException("bad m= line: format " + f + " listed twice");
            }
        }
    }

    void line(char type, String value) throws SdpParseException {
        switch (type) {
            case 'c' -> {
                once("c=");
                media.connection(Connection.parse(value));
            }
            case 'b' -> media.addBandwidth(Bandwidth.parse(value));
            case 'i', 'k' -> media.addOtherLine(new SdpLine(type, value));
            case 'a' -> attribute(value);
            default -> throw new SdpParseException("'" + type + "=' line is not allowed in a media section");
        }
    }

    private void attribute(String text) throws SdpParseException {
        int colon = text.indexOf(':');
        String name = colon < 0 ? text : text.substring(0, colon);
        if (name.isEmpty()) {
            throw new SdpParseException("attribute has no name");
        }
        if (colon < 0) {
            flag(name);
        } else {
            valued(name, text.substring(colon + 1));
        }
    }

    private void flag(String name) throws SdpParseException {
        Optional<Direction> direction = Direction.fromSdpName(name);
        if (direction.isPresent()) {
            once("direction attribute");
            media.direction(direction.get());
            return;
        }
        switch (name) {
            case "rtcp-mux" -> media.rtcpMux(true);
            case "rtcp-rsize" -> media.rtcpReducedSize(true);
            case "end-of-candidates" -> media.endOfCandidates(true);
            case "extmap-allow-mixed" -> media.extmapAllowMixed(true);
            case "mid", "ice-ufrag", "ice-pwd", "ice-options", "fingerprint", "setup", "candidate", "rtpmap", "fmtp",
                    "rtcp-fb", "extmap", "msid", "ssrc", "ssrc-group", "rid", "simulcast" ->
                    throw new SdpParseException("a=" + name + " needs a value");
            default -> media.addAttribute(Attribute.flag(name));
        }
    }

    private void valued(String name, String value) throws SdpParseException {
        switch (name) {
            case "mid" -> {
                once("a=mid");
                media.mid(SdpSyntax.token(value, "mid"));
            }
            case "ice-ufrag" -> {
                once("a=ice-ufrag");
                media.iceUfrag(SdpSyntax.token(value, "ice-ufrag"));
            }
            case "ice-pwd" -> {
                once("a=ice-pwd");
                media.icePwd(SdpSyntax.token(value, "ice-pwd"));
            }
            case "ice-options" -> media.addIceOptions(SdpSyntax.words(value));
            case "fingerprint" -> media.addFingerprint(Fingerprint.parse(value));
            case "setup" -> {
                once("a=setup");
                media.setup(Setup.parse(value));
            }
            case "candidate" -> media.addCandidate(Candidate.parseAttributeValue(value));
            case "rtpmap", "fmtp", "rtcp-fb" -> codecLine(name, value);
            case "extmap" -> media.addExtmap(Extmap.parse(value));
            case "msid" -> media.addMsid(Msid.parse(value));
            case "ssrc" -> media.addSsrc(SsrcAttribute.parse(value));
            case "ssrc-group" -> media.addSsrcGroup(SsrcGroup.parse(value));
            case "rid" -> media.addRid(Rid.parse(value));
            case "simulcast" -> {
                once("a=simulcast");
                media.simulcast(Simulcast.parse(value));
            }
            default -> media.addAttribute(Attribute.of(name, value));
        }
    }

    /** RFC 8866 §6.6, §6.15, RFC 4585 §4.2: lines for payload types not in the m= line stay verbatim. */
    private void codecLine(String name, String value) throws SdpParseException {
        if (!rtp) {
            media.addAttribute(Attribute.of(name, value));
            return;
        }
        if (name.equals("rtpmap")) {
            Codec codec = Codec.parseRtpmap(value);
            if (!payloadTypes.contains(codec.payloadType())) {
                media.addAttribute(Attribute.of(name, value));
            } else if (rtpmaps.putIfAbsent(codec.payloadType(), codec) != null) {
                throw new SdpParseException("second a=rtpmap for payload type " + codec.payloadType());
            }
            return;
        }
        String[] ptAndRest = SdpSyntax.headAndRest(value);
        if (name.equals("rtcp-fb") && ptAndRest[0].equals("*")) {
            media.addAttribute(Attribute.of(name, value)); // RFC 4585 §4.2 wildcard: applies to every format
            return;
        }
        int pt = SdpSyntax.payloadType(ptAndRest[0]);
        if (!payloadTypes.contains(pt)) {
            media.addAttribute(Attribute.of(name, value));
            return;
        }
        if (name.equals("fmtp")) {
            Map<String, String> parameters = ParameterMap.parse(ptAndRest[1], "a=fmtp");
            if (fmtps.putIfAbsent(pt, parameters) != null) {
                throw new SdpParseException("second a=fmtp for payload type " + pt);
            }
        } else {
            feedback.computeIfAbsent(pt, k -> new ArrayList<>()).add(RtcpFeedback.parse(ptAndRest[1]));
        }
        codecLines.add(new CodecLine(pt, name, value));
    }

    MediaDescription finish() {
        List<Codec> codecs = new ArrayList<>();
        Set<Integer> withCodec = new HashSet<>();
        for (int pt : payloadTypes) {
            Optional<Codec> base = Optional.ofNullable(rtpmaps.get(pt)).or(() -> StaticPayloadType.codec(pt));
            if (base.isPresent()) {
                codecs.add(base.get().withParameters(fmtps.getOrDefault(pt, Map.of()))
                        .withFeedback(feedback.getOrDefault(pt, List.of())));
                withCodec.add(pt);
            }
        }
        for (CodecLine l : codecLines) {
            if (!withCodec.contains(l.payloadType())) {
                media.addAttribute(Attribute.of(l.name(), l.value())); // no rtpmap: nothing to attach it to
            }
        }
        MediaDescription m = media.codecs(codecs).formats(formats).build();
        return m.toBuilder().otherLines(SdpLine.inWritingOrder(m.otherLines(), false)).build();
    }

    private void once(String what) throws SdpParseException {
        if (!seen.add(what)) {
            throw new SdpParseException("second " + what + " in one media section");
        }
    }
}
