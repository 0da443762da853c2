package dev.parley.server.room;

/**
 * What the other participants are told about a published stream (signaling's {@code StreamInfo}).
 * {@code revision} counts the publisher's renegotiations of the stream's tracks (republish): when it
 * changes, a subscription to the earlier tracks has ended and is made again with {@code subscribe}.
 */
public record StreamInfo(String streamId, String userId, String type, boolean hasAudio, boolean hasVideo,
                         boolean audioMuted, boolean videoMuted, boolean hasSmall, int revision) {
}
