package dev.parley.media.sdp;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A non-attribute line the model has no field for ({@code i=}, {@code u=}, {@code e=}, {@code p=},
 * {@code k=}, {@code r=}, {@code z=}, extra {@code t=}), kept verbatim so that nothing is lost.
 */
public record SdpLine(char type, String value) {

    /**
     * Where RFC 8866 §5 puts a session-level line: 0 before {@code c=} (i u e p), 1 after the first
     * {@code t=} (t r z), 2 after those (k).
     */
    static int sessionSlot(char type) {
        return "iuep".indexOf(type) >= 0 ? 0 : "trz".indexOf(type) >= 0 ? 1 : 2;
    }

    /** Where RFC 8866 §5 puts a media-level line: 0 before {@code c=} (i), 1 after {@code b=} (k). */
    static int mediaSlot(char type) {
        return type == 'i' ? 0 : 1;
    }

    /**
     * The lines in the order the writer emits them (stable within a slot), so that a parsed model
     * equals the model parsed from its own output.
     */
    static List<SdpLine> inWritingOrder(List<SdpLine> lines, boolean sessionLevel) {
        List<SdpLine> sorted = new ArrayList<>(lines);
        sorted.sort(Comparator.comparingInt(l -> sessionLevel ? sessionSlot(l.type()) : mediaSlot(l.type())));
        return sorted;
    }
}
