// A published stream as the server describes it (PROTOCOL.md StreamInfo, in stream-added,
// stream-updated and stream-removed).

/** A user's two stream types (PROTOCOL.md "publish" `type`): the camera, and the screen share beside it. */
export const STREAM_TYPES = /** @type {const} */ (['main', 'auxiliary']);

/** @typedef {'main' | 'auxiliary'} StreamType */

/**
 * @typedef {object} StreamInfo
 * @property {string} streamId
 * @property {string} userId
 * @property {StreamType} type
 * @property {boolean} hasAudio
 * @property {boolean} hasVideo
 * @property {boolean} hasSmall the publication has ≥ 2 video layers (the small stream)
 * @property {boolean} audioMuted
 * @property {boolean} videoMuted
 * @property {number} revision the publisher's renegotiations of its tracks (republish); a change ends a subscription to the old tracks
 */

/**
 * The `stream` of an event's data, or null when it lacks a streamId or userId.
 * @param {any} wire the event's data
 * @returns {StreamInfo | null}
 */
export function parseStreamInfo(wire) {
  const s = (wire && wire.stream) || {};
  if (typeof s.streamId !== 'string' || typeof s.userId !== 'string') return null;
  return {
    streamId: s.streamId,
    userId: s.userId,
    type: s.type === 'auxiliary' ? 'auxiliary' : 'main',
    hasAudio: !!s.hasAudio,
    hasVideo: !!s.hasVideo,
    hasSmall: !!s.hasSmall, // the publication has ≥ 2 video layers (PROTOCOL.md StreamInfo)
    audioMuted: !!s.audioMuted,
    videoMuted: !!s.videoMuted,
    revision: Number.isSafeInteger(s.revision) ? s.revision : 0,
  };
}
