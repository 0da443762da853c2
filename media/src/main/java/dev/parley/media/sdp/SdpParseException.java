package dev.parley.media.sdp;

import dev.parley.media.MalformedPacketException;

/**
 * A session description could not be parsed: it is oversized, lacks a mandatory line, or a line's value
 * would otherwise produce a wrong model.
 *
 * <p>The message names the 1-based line number and quotes the offending line (truncated to
 * {@value #QUOTE_LIMIT} characters, control characters replaced), so a log line is enough to find the
 * fault in a browser's SDP. Errors about the whole document carry line number 0.
 */
public final class SdpParseException extends MalformedPacketException {
    private static final long serialVersionUID = 1L;
    static final int QUOTE_LIMIT = 80;

    private final int lineNumber;
    private final String reason;

    /** An error about the whole document, or about a value not yet tied to a line. */
    public SdpParseException(String reason) {
        super(reason);
        this.lineNumber = 0;
        this.reason = reason;
    }

    /** An error about one line of the document. */
    public SdpParseException(int lineNumber, String line, String reason) {
        super("SDP line " + lineNumber + " \"" + quote(line) + "\": " + reason);
        this.lineNumber = lineNumber;
        this.reason = reason;
    }

    /** The 1-based number of the offending line, or 0 when the error concerns the whole document. */
    public int lineNumber() {
        return lineNumber;
    }

    /** What was wrong, without the line number and quote. */
    public String reason() {
        return reason;
    }

    private static String quote(String line) {
        String cut = line.length() > QUOTE_LIMIT ? line.substring(0, QUOTE_LIMIT) + "..." : line;
        StringBuilder printable = new StringBuilder(cut.length());
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            printable.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return printable.toString();
    }
}
