// The browser side of SEI messages (sei.js): encoded transforms on the main camera's H.264 sender
// (insert) and on every video receiver (read). Browser quirks apart: the standard RTCRtpScriptTransform
// (a worker; Firefox, Safari, Chromium 141+) where it exists, else Chromium's createEncodedStreams,
// which needs the connection made with {encodedInsertableStreams: true} and then every sender and
// receiver of it piped (audio too, untouched), or their media stops.

import { escapeRbsp, insertSei, nalUnits, readSei, seiNal, seiUuid, unescapeRbsp } from './sei.js';

/** @typedef {{payloadType: number, data: Uint8Array}} SeiMessage */

/**
 * Which encoded-transform API this browser has: 'script' (RTCRtpScriptTransform), 'streams'
 * (createEncodedStreams) or null.
 * @returns {'script' | 'streams' | null}
 */
export function encodedTransformKind() {
  if (typeof globalThis.RTCRtpScriptTransform === 'function' && typeof globalThis.Worker === 'function' && typeof globalThis.Blob === 'function') return 'script';
  const Sender = globalThis.RTCRtpSender;
  if (Sender && Sender.prototype && typeof /** @type {any} */ (Sender.prototype).createEncodedStreams === 'function') return 'streams';
  return null;
}

/** Extra RTCPeerConnection configuration for SEI connections: createEncodedStreams needs it. */
export function seiPeerConnectionConfig() {
  return encodedTransformKind() === 'streams' ? { encodedInsertableStreams: true } : {};
}

/**
 * H.264 first (packetization-mode 1, constrained baseline first) for a transceiver that carries SEI:
 * the server answers with the first codec it forwards that the offer has, so the offer has only H.264.
 * @param {RTCRtpTransceiver} transceiver
 * @returns {boolean} false when this browser cannot send H.264
 */
export function preferH264(transceiver) {
  const caps = globalThis.RTCRtpSender && globalThis.RTCRtpSender.getCapabilities ? globalThis.RTCRtpSender.getCapabilities('video') : null;
  if (!caps || typeof transceiver.setCodecPreferences !== 'function') return false;
  const h264 = caps.codecs.filter((c) => /h264/i.test(c.mimeType) && /packetization-mode=1/.test(c.sdpFmtpLine || ''));
  if (!h264.length) return false;
  h264.sort((a, b) => Number(!/profile-level-id=42e0/.test(a.sdpFmtpLine || '')) - Number(!/profile-level-id=42e0/.test(b.sdpFmtpLine || '')));
  const rest = caps.codecs.filter((c) => /rtx|red|ulpfec|flexfec/i.test(c.mimeType));
  transceiver.setCodecPreferences(h264.concat(rest));
  return true;
}

/**
 * The transform code, as it runs in the worker (RTCRtpScriptTransform) or on the main thread
 * (createEncodedStreams): a sender with messages queued puts the next one into its next frame; a
 * receiver reports every message its frames carry.
 * @param {{role: 'sender' | 'receiver', id: number}} options
 * @param {() => SeiMessage | undefined} nextMessage
 * @param {(found: SeiMessage[], id: number) => void} onReceived
 */
function seiTransformer(options, nextMessage, onReceived) {
  return new TransformStream({
    transform(frame, controller) {
      try {
        if (options.role === 'sender' && frame.type !== undefined && frame.type !== 'empty') {
          const message = nextMessage();
          if (message) frame.data = insertSei(new Uint8Array(frame.data), seiNal(message.data, message.payloadType)).buffer;
        } else if (options.role === 'receiver') {
          const found = readSei(new Uint8Array(frame.data));
          if (found.length) onReceived(found, options.id);
        }
      } catch (e) {
        // a frame the parser does not understand goes on unchanged
      }
      controller.enqueue(frame);
    },
  });
}

/** The worker's entry: one queue of messages to send, transforms as RTCRtpScriptTransform makes them. */
function seiWorkerMain() {
  /** @type {SeiMessage[]} */
  const queue = [];
  /** @type {any} the worker's global (a DedicatedWorkerGlobalScope) */
  const scope = self;
  scope.onmessage = (/** @type {MessageEvent} */ event) => {
    if (event.data && event.data.type === 'send') queue.push({ payloadType: event.data.payloadType, data: new Uint8Array(event.data.data) });
  };
  scope.onrtctransform = (/** @type {any} */ event) => {
    const t = event.transformer;
    const stream = seiTransformer(t.options, () => queue.shift(), (found, id) => {
      for (const m of found) scope.postMessage({ type: 'received', id, payloadType: m.payloadType, data: m.data.buffer }, [m.data.buffer]);
    });
    t.readable.pipeThrough(stream).pipeTo(t.writable).catch(() => {});
  };
}

/** @type {string | null} */
let workerUrl = null;
function seiWorkerUrl() {
  if (!workerUrl) {
    const source = [seiUuid, escapeRbsp, unescapeRbsp, seiNal, nalUnits, insertSei, readSei, seiTransformer, seiWorkerMain]
      .map((f) => f.toString()).join('\n') + `\n${seiWorkerMain.name}();\n`;
    workerUrl = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  }
  return workerUrl;
}

/**
 * One client's SEI plumbing: sends through its main video sender, reads on its video receivers.
 */
export class SeiTransforms {
  /**
   * @param {(found: SeiMessage, receiver: RTCRtpReceiver) => void} onReceived
   * @param {import('./log.js').Log} log
   */
  constructor(onReceived, log) {
    this._kind = encodedTransformKind();
    this._onReceived = onReceived;
    this._log = log;
    /** @type {Worker | null} */
    this._worker = null;
    /** @type {SeiMessage[]} main-thread queue (createEncodedStreams) */
    this._queue = [];
    /** @type {Map<number, RTCRtpReceiver>} */
    this._receivers = new Map();
    /** @type {WeakSet<object>} senders and receivers already piped (createEncodedStreams allows one call) */
    this._piped = new WeakSet();
    this._nextId = 1;
  }

  get supported() {
    return this._kind !== null;
  }

  _ensureWorker() {
    if (this._worker) return this._worker;
    this._worker = new Worker(seiWorkerUrl());
    this._worker.onmessage = (event) => {
      const m = event.data;
      const receiver = m && m.type === 'received' ? this._receivers.get(m.id) : null;
      if (receiver) this._onReceived({ payloadType: m.payloadType, data: new Uint8Array(m.data) }, receiver);
    };
    return this._worker;
  }

  /**
   * Pipes a sender of an SEI connection: the main video inserts messages; anything else (only on
   * createEncodedStreams connections, where every sender must be piped) passes untouched.
   * @param {RTCRtpSender} sender
   * @param {boolean} carriesSei
   */
  attachSender(sender, carriesSei) {
    if (this._piped.has(sender)) return;
    this._piped.add(sender);
    const options = { role: carriesSei ? 'sender' : 'passthrough', id: this._nextId++ };
    if (this._kind === 'script') {
      if (!carriesSei) return;
      /** @type {any} */ (sender).transform = new globalThis.RTCRtpScriptTransform(this._ensureWorker(), options);
    } else if (this._kind === 'streams') {
      const { readable, writable } = /** @type {any} */ (sender).createEncodedStreams();
      readable.pipeThrough(seiTransformer(/** @type {any} */ (options), () => this._queue.shift(), () => {})).pipeTo(writable).catch(() => {});
    }
  }

  /**
   * Pipes a receiver of an SEI downlink: video is read for messages, audio (createEncodedStreams only) passes.
   * @param {RTCRtpReceiver} receiver
   */
  attachReceiver(receiver) {
    if (this._piped.has(receiver)) return;
    this._piped.add(receiver);
    const video = receiver.track && receiver.track.kind === 'video';
    const id = this._nextId++;
    const options = { role: video ? 'receiver' : 'passthrough', id };
    if (video) this._receivers.set(id, receiver);
    if (this._kind === 'script') {
      if (!video) return;
      /** @type {any} */ (receiver).transform = new globalThis.RTCRtpScriptTransform(this._ensureWorker(), options);
    } else if (this._kind === 'streams') {
      const { readable, writable } = /** @type {any} */ (receiver).createEncodedStreams();
      readable.pipeThrough(seiTransformer(/** @type {any} */ (options), () => undefined, (found) => {
        for (const m of found) this._onReceived(m, receiver);
      })).pipeTo(writable).catch(() => {});
    }
  }

  /**
   * Queues a message for the next frame of the main video sender.
   * @param {Uint8Array} data
   * @param {number} payloadType
   */
  send(data, payloadType) {
    if (this._kind === 'script') {
      const copy = data.slice();
      this._ensureWorker().postMessage({ type: 'send', payloadType, data: copy.buffer }, [copy.buffer]);
    } else {
      this._queue.push({ payloadType, data: data.slice() });
    }
  }

  close() {
    if (this._worker) this._worker.terminate();
    this._worker = null;
    this._queue = [];
    this._receivers.clear();
  }
}
