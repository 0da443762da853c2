// Every event the SDK emits and what its handler receives: the one place they are typed.
// Client and the streams are typed emitters of these maps (Emitter<ClientEventMap>,
// Emitter<StreamEventMap>), so `_emit(name, payload)` is checked by `tsc` against them, and the
// public declarations in trtc.d.ts are checked to list the same events (src/test/types/).
// Reference with the "when": docs/WEB-SDK.md "Client events" and "Stream events".

/** @typedef {import('./remote-stream.js').RemoteStream} RemoteStream */
/** @typedef {import('./local-stream.js').LocalStream} LocalStream */
/** @typedef {import('./errors.js').RtcError} RtcError */

/** @typedef {'DISCONNECTED' | 'CONNECTING' | 'RECONNECTING' | 'CONNECTED'} ConnectionState */

/** @typedef {{stream: RemoteStream}} RemoteStreamEvent */

/**
 * Why the server removed this client (TRTC v4's 'client-banned' payload). 'kick': another client
 * joined with the same userId, or the app's backend removed the user (admin API RemoveUser);
 * 'room-disband': the app's backend dismissed the room (DismissRoom). 'banned' is never sent.
 * @typedef {{reason: 'kick' | 'banned' | 'room-disband', message: string}} BannedEvent
 */

/**
 * A remote user muted or unmuted; `stream` (a Parley addition) is undefined when the stream is unknown.
 * @typedef {{userId: string, stream: RemoteStream | undefined}} MuteEvent
 */

/**
 * TRTC's scale per direction: 0 unknown, 1 excellent … 5 very bad, 6 disconnected; RTT in ms, loss in %.
 * @typedef {object} NetworkQualityEvent
 * @property {number} uplinkNetworkQuality
 * @property {number} downlinkNetworkQuality
 * @property {number} uplinkRTT
 * @property {number} downlinkRTT
 * @property {number} uplinkLoss
 * @property {number} downlinkLoss
 */

/**
 * Our published streams with audio first, then every subscribed remote stream with audio.
 * @typedef {{result: Array<{userId: string, audioVolume: number, stream: LocalStream | RemoteStream}>}} AudioVolumeEvent
 */

/**
 * @typedef {object} PlayerStateEvent
 * @property {'audio' | 'video'} type
 * @property {'PLAYING' | 'PAUSED' | 'STOPPED'} state
 * @property {'playing' | 'pause' | 'mute' | 'unmute' | 'ended'} reason
 */

/**
 * The events of a Client (client.on(name, handler)).
 * @typedef {{
 *   'stream-added': RemoteStreamEvent,
 *   'stream-removed': RemoteStreamEvent,
 *   'stream-updated': RemoteStreamEvent,
 *   'stream-subscribed': RemoteStreamEvent,
 *   'peer-join': {userId: string},
 *   'peer-leave': {userId: string},
 *   'mute-audio': MuteEvent,
 *   'unmute-audio': MuteEvent,
 *   'mute-video': MuteEvent,
 *   'unmute-video': MuteEvent,
 *   'connection-state-changed': {prevState: ConnectionState, state: ConnectionState},
 *   'client-banned': BannedEvent,
 *   'network-quality': NetworkQualityEvent,
 *   'audio-volume': AudioVolumeEvent,
 *   'sei-message': SEIMessageEvent,
 *   'error': RtcError,
 * }} ClientEventMap
 */

/**
 * A camera or microphone whose capture ended by itself (unplugged, taken by the system) was captured
 * again (TRTC v4.13+'s 'device-auto-recovered'); the ids are those now in use ('' when not that kind).
 * @typedef {object} DeviceAutoRecoveredEvent
 * @property {boolean} isCamera
 * @property {boolean} isMicrophone
 * @property {string} cameraId
 * @property {string} microphoneId
 */

/**
 * An SEI message that came with a remote user's H.264 video (client.on('sei-message'), TRTC 4.14.1+).
 * @typedef {object} SEIMessageEvent
 * @property {string} userId
 * @property {ArrayBuffer} data the SEI payload's bytes, as sent
 * @property {5 | 243} seiPayloadType
 */

/**
 * The events of a LocalStream or RemoteStream (stream.on(name, handler)).
 * 'screen-sharing-stopped' is only emitted by a LocalStream capturing the screen,
 * 'device-auto-recovered' only by a LocalStream capturing a camera or microphone.
 * @typedef {{
 *   'player-state-changed': PlayerStateEvent,
 *   'error': RtcError,
 *   'screen-sharing-stopped': Record<string, never>,
 *   'connection-state-changed': {prevState: ConnectionState, state: ConnectionState},
 *   'device-auto-recovered': DeviceAutoRecoveredEvent,
 * }} StreamEventMap
 */

export {};
