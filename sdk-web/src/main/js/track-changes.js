// A LocalStream's tracks changed by the page: replaceTrack(), addTrack() and removeTrack() (v4's way to
// turn the camera on in an audio call). Functions of the stream, kept apart from local-stream.js.

import { ErrorCode, invalid, rtcError } from './errors.js';

/** @typedef {import('./local-stream.js').LocalStream} LocalStream */

/**
 * replaceTrack(track): swaps the track of the same kind, live if published (no renegotiation).
 * @param {LocalStream} stream
 * @param {MediaStreamTrack} track
 */
export async function replaceTrack(stream, track) {
  const kind = track && track.kind;
  if (kind !== 'audio' && kind !== 'video') throw invalid('replaceTrack(track): pass an audio or video MediaStreamTrack');
  const old = kind === 'audio' ? stream._audioTrack : stream._videoTrack;
  if (!old) throw rtcError(ErrorCode.INVALID_OPERATION, `replaceTrack(): the stream has no ${kind} track; use addTrack()`);
  await stream._swapTrack(old, track);
}

/**
 * addTrack(track): adds the stream's missing audio or video track. On a published stream the
 * uplink is renegotiated (PROTOCOL.md `republish`) and the subscribers get 'stream-updated' with the
 * new track — v4's way to turn the camera on in an audio call. A failed renegotiation takes the
 * track out again and rejects.
 * @param {LocalStream} stream
 * @param {MediaStreamTrack} track
 */
export async function addTrack(stream, track) {
  const kind = track && track.kind;
  if (kind !== 'audio' && kind !== 'video') throw invalid('addTrack(track): pass an audio or video MediaStreamTrack');
  if (stream._state === 'closed') throw rtcError(ErrorCode.INVALID_OPERATION, 'addTrack(): the stream was closed');
  if ((kind === 'audio' ? stream._audioTrack : stream._videoTrack)) throw rtcError(ErrorCode.INVALID_OPERATION, `addTrack(): the stream already has a ${kind} track; use replaceTrack()`);
  if (kind === 'audio') {
    const sent = stream._gainedAudio(track);
    sent.enabled = !stream._muted.audio;
    stream._setTracks(sent, stream._videoTrack);
  } else {
    stream._applyContentHint(track);
    track.enabled = !stream._muted.video;
    stream._setTracks(stream._audioTrack, track);
  }
  if (stream._state === 'new') stream._state = 'initialized';
  if (!stream._publisher) return;
  try {
    await stream._publisher.publications.onTracksChanged(stream);
  } catch (e) {
    stream._dropTrack(/** @type {'audio' | 'video'} */ (kind));
    throw e;
  }
}

/**
 * removeTrack(track): takes a track out of the stream (the page's to stop). On a published stream
 * the uplink is renegotiated and the subscribers get 'stream-updated'; a published stream keeps at
 * least one track (unpublish it instead).
 * @param {LocalStream} stream
 * @param {MediaStreamTrack} track
 */
export async function removeTrack(stream, track) {
  const raw = stream._rawAudioTrack();
  const kind = track && (track === raw || track === stream._audioTrack) ? 'audio' : track && track === stream._videoTrack ? 'video' : null;
  if (!kind) throw invalid('removeTrack(track): the track is not part of this stream');
  if (stream._publisher && !(kind === 'audio' ? stream._videoTrack : stream._audioTrack)) {
    throw rtcError(ErrorCode.INVALID_OPERATION, `removeTrack(): it is the published stream's only track; unpublish() the stream instead`);
  }
  stream._dropTrack(kind);
  if (stream._publisher) await stream._publisher.publications.onTracksChanged(stream);
}
