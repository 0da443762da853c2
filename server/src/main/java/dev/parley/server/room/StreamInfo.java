package dev.parley.server.room;

/** What the other participants are told about a published stream (signaling's {@code StreamInfo}). */
public record StreamInfo(String streamId, String userId, String type, boolean hasAudio, boolean hasVideo,
                         boolean audioMuted, boolean videoMuted, boolean hasSmall) {
}
