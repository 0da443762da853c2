package dev.parley.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A stream someone else publishes in the room (TRTC's {@code RemoteStream}): announced by
 * {@code stream-added}, received after {@link ParleyClient#subscribe(RemoteStream)}.
 */
public final class RemoteStream {
    private final String streamId;
    private final String userId;
    private final String type;
    private volatile boolean hasAudio;
    private volatile boolean hasVideo;
    final StreamCounters counters = new StreamCounters();

    RemoteStream(String streamId, String userId, String type, boolean hasAudio, boolean hasVideo) {
        this.streamId = streamId;
        this.userId = userId;
        this.type = type;
        this.hasAudio = hasAudio;
        this.hasVideo = hasVideo;
    }

    /** From a {@code StreamInfo} (docs/PROTOCOL.md "Events"). */
    static RemoteStream from(JsonNode info) {
        return new RemoteStream(info.path("streamId").asText(), info.path("userId").asText(),
                info.path("type").asText("main"), info.path("hasAudio").asBoolean(), info.path("hasVideo").asBoolean());
    }

    void update(JsonNode info) {
        hasAudio = info.path("hasAudio").asBoolean(hasAudio);
        hasVideo = info.path("hasVideo").asBoolean(hasVideo);
    }

    public String getId() {
        return streamId;
    }

    public String getUserId() {
        return userId;
    }

    /** {@code "main"} (camera) or {@code "auxiliary"} (screen). */
    public String getType() {
        return type;
    }

    public boolean hasAudio() {
        return hasAudio;
    }

    public boolean hasVideo() {
        return hasVideo;
    }

    /** What this client received of the stream so far. */
    public ReceiveStats stats() {
        return counters.snapshot();
    }

    /** Starts {@link #stats()} afresh from now (e.g. a measurement window after a warm-up). */
    public void resetStats() {
        counters.reset();
    }

    @Override
    public String toString() {
        return "RemoteStream[" + streamId + " of " + userId + ", " + type + "]";
    }
}
