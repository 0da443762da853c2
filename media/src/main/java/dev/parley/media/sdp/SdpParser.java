package dev.parley.media.sdp;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Reads SDP line by line (RFC 8866 §5): session-level lines until the first {@code m=}, then one
 * {@link MediaSectionParser} per m-section. Every failure becomes an {@link SdpParseException} naming the
 * line; the size limits are checked before any work proportional to the input.
 */
final class SdpParser {
    private final SessionDescriptionBuilder session = new SessionDescriptionBuilder(Origin.of(0, 0));
    private final Set<String> mids = new HashSet<>();
    private MediaSectionParser section;
    private int sections;
    private boolean seenOrigin;
    private boolean seenName;
    private boolean seenTiming;
    private boolean seenConnection;
    private boolean seenMsidSemantic;
    private boolean seenUfrag;
    private boolean seenPwd;
    private boolean seenSetup;
    private boolean seenDirection;

    private SdpParser() {
    }

    static SessionDescription parse(String sdp) throws SdpParseException {
        if (sdp.length() > SessionDescription.MAX_LENGTH) {
            throw new SdpParseException("SDP of " + sdp.length() + " characters exceeds the limit of "
                    + SessionDescription.MAX_LENGTH);
        }
        return new SdpParser().run(sdp);
    }

    private SessionDescription run(String sdp) throws SdpParseException {
        int lineNumber = 0;
        boolean seenVersion = false;
        int start = 0;
        while (start < sdp.length()) {
            int end = sdp.indexOf('\n', start);
            if (end < 0) {
                end = sdp.length();
            }
            String line = trimLineEnd(sdp.substring(start, end));
            start = end + 1;
            if (++lineNumber > SessionDescription.MAX_LINES) {
                throw new SdpParseException("SDP has more than " + SessionDescription.MAX_LINES + " lines");
            }
            if (line.isEmpty()) {
                continue; // tolerated: a trailing or doubled line end
            }
            try {
                checkShape(line);
                if (!seenVersion) {
                    version(line);
                    seenVersion = true;
                } else {
                    dispatch(line.charAt(0), line.substring(2));
                }
            } catch (SdpParseException e) {
                throw e.lineNumber() > 0 ? e : new SdpParseException(lineNumber, line, e.reason());
            }
        }
        if (!seenVersion) {
            throw new SdpParseException("SDP is empty: missing v= line");
        }
        return finish();
    }

    /** Drops the CR of a CRLF and trailing blanks. */
    private static String trimLineEnd(String line) {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
            end--;
        }
        while (end > 0 && SdpSyntax.isBlank(line.charAt(end - 1))) {
            end--;
        }
        return line.substring(0, end);
    }

    /** RFC 8866 §5: {@code <type>=<value>}, type one lower-case letter; no CR or NUL inside a line. */
    private static void checkShape(String line) throws SdpParseException {
        if (line.length() < 2 || line.charAt(1) != '=' || line.charAt(0) < 'a' || line.charAt(0) > 'z') {
            throw new SdpParseException("not an SDP line of the form <letter>=<value>");
        }
        if (line.indexOf('\r') >= 0 || line.indexOf('\0') >= 0) {
            throw new SdpParseException("line contains a carriage return or NUL");
        }
    }

    private static void version(String line) throws SdpParseException {
        if (!line.startsWith("v=")) {
            throw new SdpParseException("missing v= line: SDP must start with v=0");
        }
        if (!line.equals("v=0")) {
            throw new SdpParseException("unsupported SDP version (only v=0 exists, RFC 8866 §5.1)");
        }
    }

    private void dispatch(char type, String value) throws SdpParseException {
        if (type == 'm') {
            startSection(value);
        } else if (section != null) {
            section.line(type, value);
        } else {
            sessionLine(type, value);
        }
    }

    private void startSection(String value) throws SdpParseException {
        finishSection();
        if (++sections > SessionDescription.MAX_MEDIA_SECTIONS) {
            throw new SdpParseException("SDP has more than " + SessionDescription.MAX_MEDIA_SECTIONS
                    + " media sections");
        }
        section = new MediaSectionParser(value);
    }

    private void finishSection() throws SdpParseException {
        if (section == null) {
            return;
        }
        MediaDescription m = section.finish();
        if (m.mid().isPresent() && !mids.add(m.mid().get())) {
            // JSEP RFC 9429 §5.2.1: mids are unique; a duplicate would make mediaByMid ambiguous
            throw new SdpParseException("mid '" + m.mid().get() + "' is used by two media sections");
        }
        session.addMedia(m);
    }

    private void sessionLine(char type, String value) throws SdpParseException {
        switch (type) {
            case 'v' -> throw new SdpParseException("second v= line");
            case 'o' -> {
                seenOrigin = once(seenOrigin, "o=");
                session.origin(Origin.parse(value));
            }
            case 's' -> {
                seenName = once(seenName, "s=");
                session.sessionName(value);
            }
            case 't' -> {
                if (seenTiming) {
                    session.addOtherLine(new SdpLine(type, value));
                } else {
                    seenTiming = true;
                    session.timing(Timing.parse(value));
                }
            }
            case 'c' -> {
                seenConnection = once(seenConnection, "c=");
                session.connection(Connection.parse(value));
            }
            case 'b' -> session.addBandwidth(Bandwidth.parse(value));
            case 'a' -> sessionAttribute(value);
            case 'i', 'u', 'e', 'p', 'k', 'r', 'z' -> session.addOtherLine(new SdpLine(type, value));
            default -> throw new SdpParseException("unknown line type '" + type + "=' (RFC 8866 §5)");
        }
    }

    private void sessionAttribute(String text) throws SdpParseException {
        int colon = text.indexOf(':');
        String name = colon < 0 ? text : text.substring(0, colon);
        if (name.isEmpty()) {
            throw new SdpParseException("attribute has no name");
        }
        if (colon < 0) {
            sessionFlag(name);
            return;
        }
        String value = text.substring(colon + 1);
        switch (name) {
            case "group" -> session.addGroup(Group.parse(value));
            case "msid-semantic" -> {
                seenMsidSemantic = once(seenMsidSemantic, "a=msid-semantic");
                session.msidSemantic(MsidSemantic.parse(value));
            }
            case "ice-options" -> session.addIceOptions(SdpSyntax.words(value));
            case "ice-ufrag" -> {
                seenUfrag = once(seenUfrag, "a=ice-ufrag");
                session.iceUfrag(SdpSyntax.token(value, "ice-ufrag"));
            }
            case "ice-pwd" -> {
                seenPwd = once(seenPwd, "a=ice-pwd");
                session.icePwd(SdpSyntax.token(value, "ice-pwd"));
            }
            case "fingerprint" -> session.addFingerprint(Fingerprint.parse(value));
            case "setup" -> {
                seenSetup = once(seenSetup, "a=setup");
                session.setup(Setup.parse(value));
            }
            default -> session.addAttribute(Attribute.of(name, value));
        }
    }

    private void sessionFlag(String name) throws SdpParseException {
        Optional<Direction> direction = Direction.fromSdpName(name);
        if (direction.isPresent()) {
            seenDirection = once(seenDirection, "direction attribute");
            session.direction(direction.get());
        } else if (name.equals("ice-lite")) {
            session.iceLite(true);
        } else if (name.equals("extmap-allow-mixed")) {
            session.extmapAllowMixed(true);
        } else if (isValueAttribute(name)) {
            throw new SdpParseException("a=" + name + " needs a value");
        } else {
            session.addAttribute(Attribute.flag(name));
        }
    }

    private static boolean isValueAttribute(String name) {
        return switch (name) {
            case "group", "msid-semantic", "ice-options", "ice-ufrag", "ice-pwd", "fingerprint", "setup" -> true;
            default -> false;
        };
    }

    private SessionDescription finish() throws SdpParseException {
        finishSection();
        if (!seenOrigin) {
            throw new SdpParseException("missing o= line");
        }
        if (!seenName) {
            throw new SdpParseException("missing s= line");
        }
        if (!seenTiming) {
            throw new SdpParseException("missing t= line");
        }
        SessionDescription d = session.build();
        return d.toBuilder().otherLines(SdpLine.inWritingOrder(d.otherLines(), true)).build();
    }

    static boolean once(boolean seen, String what) throws SdpParseException {
        if (seen) {
            throw new SdpParseException("second " + what + " where only one is allowed");
        }
        return true;
    }
}
