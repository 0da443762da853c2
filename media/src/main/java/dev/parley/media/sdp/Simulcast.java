package dev.parley.media.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 8853 §5.1 {@code a=simulcast:send <streams> [recv <streams>]}: streams are separated by {@code ;},
 * each stream lists alternative rids separated by {@code ,}, and {@code ~} marks a rid as paused.
 * Example: {@code a=simulcast:send q;h;f} or {@code a=simulcast:recv 1,~4;2;3}.
 */
public record Simulcast(List<Stream> send, List<Stream> recv) {

    /** One simulcast stream: its alternative rids in order of preference (RFC 8853 §5.1). */
    public record Stream(List<Alternative> alternatives) {
        public Stream {
            alternatives = List.copyOf(alternatives);
            if (alternatives.isEmpty()) {
                throw new IllegalArgumentException("a simulcast stream needs at least one rid");
            }
        }

        /** The preferred rid of this stream. */
        public Alternative first() {
            return alternatives.get(0);
        }
    }

    /** One rid of a stream, possibly paused ({@code ~}). */
    public record Alternative(String rid, boolean paused) {
    }

    public Simulcast {
        send = List.copyOf(send);
        recv = List.copyOf(recv);
        if (send.isEmpty() && recv.isEmpty()) {
            throw new IllegalArgumentException("simulcast needs send or recv streams");
        }
    }

    /** Simulcast sending the given rids, one stream each, none paused. */
    public static Simulcast sending(List<String> rids) {
        return new Simulcast(streams(rids), List.of());
    }

    /** Simulcast receiving the given rids, one stream each, none paused (what an SFU answers to a sender). */
    public static Simulcast receiving(List<String> rids) {
        return new Simulcast(List.of(), streams(rids));
    }

    /** The preferred rid of each send stream, in order. */
    public List<String> sendRids() {
        return firstRids(send);
    }

    /** The preferred rid of each receive stream, in order. */
    public List<String> recvRids() {
        return firstRids(recv);
    }

    /** Swaps send and receive, as an answerer does (RFC 8853 §5.3). */
    public Simulcast reversed() {
        return new Simulcast(recv, send);
    }

    private static List<Stream> streams(List<String> rids) {
        List<Stream> streams = new ArrayList<>();
        for (String rid : rids) {
            streams.add(new Stream(List.of(new Alternative(rid, false))));
        }
        return streams;
    }

    private static List<String> firstRids(List<Stream> streams) {
        List<String> rids = new ArrayList<>();
        for (Stream s : streams) {
            rids.add(s.first().rid());
        }
        return List.copyOf(rids);
    }

    String value() {
        StringBuilder b = new StringBuilder();
        if (!send.isEmpty()) {
            b.append("send ");
            appendStreams(b, send);
        }
        if (!recv.isEmpty()) {
            b.append(b.length() > 0 ? " recv " : "recv ");
            appendStreams(b, recv);
        }
        return b.toString();
    }

    private static void appendStreams(StringBuilder b, List<Stream> streams) {
        for (int i = 0; i < streams.size(); i++) {
            if (i > 0) {
                b.append(';');
            }
            List<Alternative> alternatives = streams.get(i).alternatives();
            for (int j = 0; j < alternatives.size(); j++) {
                if (j > 0) {
                    b.append(',');
                }
                b.append(alternatives.get(j).paused() ? "~" : "").append(alternatives.get(j).rid());
            }
        }
    }

    static Simulcast parse(String text) throws SdpParseException {
        List<String> w = SdpSyntax.words(text);
        if (w.size() != 2 && w.size() != 4) {
            throw new SdpParseException("a=simulcast needs 'send <rids>' and/or 'recv <rids>'");
        }
        List<Stream> send = List.of();
        List<Stream> recv = List.of();
        for (int i = 0; i < w.size(); i += 2) {
            String direction = w.get(i);
            List<Stream> streams = parseStreams(w.get(i + 1));
            if (direction.equals("send") && send.isEmpty()) {
                send = streams;
            } else if (direction.equals("recv") && recv.isEmpty()) {
                recv = streams;
            } else {
                throw new SdpParseException("a=simulcast direction '" + direction + "' unknown or repeated");
            }
        }
        return new Simulcast(send, recv);
    }

    private static List<Stream> parseStreams(String text) throws SdpParseException {
        List<Stream> streams = new ArrayList<>();
        for (String stream : text.split(";", -1)) {
            List<Alternative> alternatives = new ArrayList<>();
            for (String id : stream.split(",", -1)) {
                boolean paused = id.startsWith("~");
                alternatives.add(new Alternative(SdpSyntax.ridId(paused ? id.substring(1) : id), paused));
            }
            streams.add(new Stream(alternatives));
        }
        return streams;
    }
}
