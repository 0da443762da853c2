package dev.parley.media.sdp;

import java.util.List;
import java.util.Optional;

/**
 * Writes the model as canonical SDP: RFC 8866 §5's line order (v o s i u e p c b t r z k a, then per
 * section m i c b k a), CRLF after every line, and within each level a fixed attribute order:
 * transport, then RTP, then verbatim attributes, then candidates. Values are written as the model holds
 * them; a hand-built model must not put CR or LF in them.
 */
final class SdpWriter {
    private static final String CRLF = "\r\n";

    private SdpWriter() {
    }

    static String write(SessionDescription d) {
        StringBuilder out = new StringBuilder(1024 + 4096 * d.media().size());
        line(out, 'v', Integer.toString(d.version()));
        line(out, 'o', d.origin().value());
        line(out, 's', d.sessionName());
        sessionLines(out, d.otherLines(), 0);
        d.connection().ifPresent(c -> line(out, 'c', c.value()));
        d.bandwidths().forEach(b -> line(out, 'b', b.text()));
        line(out, 't', d.timing().value());
        sessionLines(out, d.otherLines(), 1);
        sessionLines(out, d.otherLines(), 2);
        d.groups().forEach(g -> attribute(out, "group", g.value()));
        d.msidSemantic().ifPresent(s -> attribute(out, "msid-semantic", s.value()));
        flag(out, "ice-lite", d.iceLite());
        iceAndDtls(out, d.iceUfrag(), d.icePwd(), d.iceOptions(), d.fingerprints(), d.setup());
        d.direction().ifPresent(dir -> flag(out, dir.sdpName(), true));
        flag(out, "extmap-allow-mixed", d.extmapAllowMixed());
        d.attributes().forEach(a -> out.append("a=").append(a.text()).append(CRLF));
        for (MediaDescription m : d.media()) {
            writeMedia(out, m);
        }
        return out.toString();
    }

    static void writeMedia(StringBuilder out, MediaDescription m) {
        out.append("m=").append(m.kind().sdpName()).append(' ').append(m.port());
        if (m.portCount() != 1) {
            out.append('/').append(m.portCount());
        }
        out.append(' ').append(m.protocol());
        m.formats().forEach(f -> out.append(' ').append(f));
        out.append(CRLF);
        mediaLines(out, m.otherLines(), 0);
        m.connection().ifPresent(c -> line(out, 'c', c.value()));
        m.bandwidths().forEach(b -> line(out, 'b', b.text()));
        mediaLines(out, m.otherLines(), 1);
        m.mid().ifPresent(mid -> attribute(out, "mid", mid));
        iceAndDtls(out, m.iceUfrag(), m.icePwd(), m.iceOptions(), m.fingerprints(), m.setup());
        m.direction().ifPresent(dir -> flag(out, dir.sdpName(), true));
        flag(out, "rtcp-mux", m.rtcpMux());
        flag(out, "rtcp-rsize", m.rtcpReducedSize());
        flag(out, "extmap-allow-mixed", m.extmapAllowMixed());
        m.extmaps().forEach(e -> attribute(out, "extmap", e.value()));
        m.msids().forEach(msid -> attribute(out, "msid", msid.value()));
        for (Codec c : m.codecs()) {
            attribute(out, "rtpmap", c.rtpmapValue());
            if (!c.parameters().isEmpty()) {
                attribute(out, "fmtp", c.payloadType() + " " + ParameterMap.format(c.parameters()));
            }
            c.feedback().forEach(f -> attribute(out, "rtcp-fb", c.payloadType() + " " + f.value()));
        }
        m.rids().forEach(r -> attribute(out, "rid", r.value()));
        m.simulcast().ifPresent(s -> attribute(out, "simulcast", s.value()));
        m.ssrcGroups().forEach(g -> attribute(out, "ssrc-group", g.value()));
        m.ssrcs().forEach(s -> attribute(out, "ssrc", s.text()));
        m.attributes().forEach(a -> out.append("a=").append(a.text()).append(CRLF));
        m.candidates().forEach(c -> attribute(out, "candidate", c.attributeValue()));
        flag(out, "end-of-candidates", m.endOfCandidates());
    }

    /** RFC 8839 §5.4, RFC 8122 §5, RFC 8842 §5: the same attributes at session and media level. */
    private static void iceAndDtls(StringBuilder out, Optional<String> ufrag, Optional<String> pwd,
            List<String> iceOptions, List<Fingerprint> fingerprints, Optional<Setup> setup) {
        ufrag.ifPresent(u -> attribute(out, "ice-ufrag", u));
        pwd.ifPresent(p -> attribute(out, "ice-pwd", p));
        if (!iceOptions.isEmpty()) {
            attribute(out, "ice-options", String.join(" ", iceOptions));
        }
        fingerprints.forEach(f -> attribute(out, "fingerprint", f.value()));
        setup.ifPresent(s -> attribute(out, "setup", s.sdpName()));
    }

    private static void sessionLines(StringBuilder out, List<SdpLine> lines, int slot) {
        for (SdpLine l : lines) {
            if (SdpLine.sessionSlot(l.type()) == slot) {
                line(out, l.type(), l.value());
            }
        }
    }

    private static void mediaLines(StringBuilder out, List<SdpLine> lines, int slot) {
        for (SdpLine l : lines) {
            if (SdpLine.mediaSlot(l.type()) == slot) {
                line(out, l.type(), l.value());
            }
        }
    }

    private static void line(StringBuilder out, char type, String value) {
        out.append(type).append('=').append(value).append(CRLF);
    }

    private static void attribute(StringBuilder out, String name, String value) {
        out.append("a=").append(name).append(':').append(value).append(CRLF);
    }

    private static void flag(StringBuilder out, String name, boolean present) {
        if (present) {
            out.append("a=").append(name).append(CRLF);
        }
    }
}
