// The public declarations (src/main/resources/parley/web/sdk/trtc.d.ts, served as /sdk/trtc.d.ts)
// checked against the modules they describe. Nothing here runs: `tsc -p tsconfig.json` (npm run
// typecheck, and the Maven build's test phase) fails when the two drift apart.

import type * as Public from '../../main/resources/parley/web/sdk/trtc';
import type { ClientEventMap, StreamEventMap } from '../../main/js/events.js';
import TRTC from '../../main/js/index.js';

type Assert<T extends true> = T;
/** true when A and B have the same keys. */
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false;
/** true when every payload the SDK emits (Impl) is what the declarations promise (Pub); else the names of the events that differ. */
type PayloadsFit<Impl, Pub> = { [K in keyof Impl & keyof Pub]: Impl[K] extends Pub[K] ? true : K }[keyof Impl & keyof Pub];

// ── the API: the TRTC object the bundle exports has every declared member, with compatible types
// (createClient's Client and createStream's LocalStream against the declared interfaces).

export const api: typeof Public = TRTC;

// ── the events: the same names in events.js and trtc.d.ts, and the payloads the SDK emits fit the
// declared ones.

export type ClientEventNames = Assert<SameKeys<ClientEventMap, Public.ClientEventMap>>;
export type ClientEventPayloads = Assert<PayloadsFit<ClientEventMap, Public.ClientEventMap>>;
export type StreamEventNames = Assert<SameKeys<StreamEventMap, Public.StreamEventMap>>;
export type StreamEventPayloads = Assert<PayloadsFit<StreamEventMap, Public.StreamEventMap>>;

// ── a page written against the declarations: handlers get typed payloads, unknown events do not compile.

export function page(client: Public.Client, local: Public.LocalStream): void {
  client.on('stream-added', (event) => {
    const id: string = event.stream.getId();
    client.subscribe(event.stream, { audio: true, video: id !== '' });
  });
  client.on('stream-subscribed', ({ stream }) => stream.play('remote_' + stream.getId()));
  client.on('network-quality', (event) => {
    const worst: number = Math.max(event.uplinkNetworkQuality, event.downlinkNetworkQuality);
    return worst;
  });
  client.on('audio-volume', ({ result }) => result.forEach(({ userId, audioVolume, stream }) => [userId, audioVolume, stream.getType()]));
  client.on('connection-state-changed', ({ prevState, state }) => prevState !== state);
  client.on('client-banned', ({ reason, message }) => [reason === 'kick', message]);
  client.on('sei-message', ({ userId, data, seiPayloadType }) => [userId, data.byteLength, seiPayloadType]);
  local.on('connection-state-changed', ({ prevState, state }) => prevState !== state);
  local.on('device-auto-recovered', ({ isCamera, cameraId }) => isCamera && cameraId);
  client.on('mute-audio', ({ userId, stream }) => [userId, stream && stream.getId()]);
  client.on('error', (error) => error.getCode() === api.ErrorCode.UNKNOWN);
  local.on('player-state-changed', ({ type, state, reason }) => [type, state, reason]);
  local.on('screen-sharing-stopped', () => local.close());
  client.off('*');
  // @ts-expect-error — not an event of a Client
  client.on('stream-add', () => {});
  // @ts-expect-error — 'peer-join' carries {userId}, not a stream
  client.on('peer-join', (event) => event.stream);
  // @ts-expect-error — not an event of a stream
  local.on('stream-added', () => {});
}
