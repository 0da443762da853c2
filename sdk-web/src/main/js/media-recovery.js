// Media recovery (WEB-SDK.md "Connection states and recovery"): a media connection whose ICE is
// 'disconnected' for DISCONNECTED_GRACE_MS, or 'failed', is restarted — an ICE restart through signaling
// (PROTOCOL.md `restart-ice`, RFC 8445 §9), which keeps the DTLS/SRTP session, the tracks and the streams
// the page holds — and again every RETRY_MS while it stays down. While signaling is itself reconnecting the
// restart waits for it. The server decides when it is over: past its ICE consent timeout it ends the
// connection and sends UPLINK_/DOWNLINK_RECONNECTION_FAILED (room-events.js).

export const DISCONNECTED_GRACE_MS = 2000;
export const RETRY_MS = 4000;

/**
 * @param {import('./client.js').Client} client
 * @param {RTCPeerConnection} pc
 * @param {number} session
 * @param {'uplink' | 'downlink'} what
 * @param {() => Promise<void>} restart
 */
export function watchConnection(client, pc, session, what, restart) {
  const log = client._log;
  /** @type {ReturnType<typeof setTimeout> | null} */
  let timer = null;
  let attempts = 0;
  const up = () => ['connected', 'completed'].includes(pc.iceConnectionState);
  const over = () => session !== client._session || pc.signalingState === 'closed' || pc.connectionState === 'closed';
  /** @param {number} ms */
  const schedule = (ms) => {
    if (!timer) timer = setTimeout(run, ms);
  };
  const run = async () => {
    timer = null;
    if (over() || up()) return;
    const signal = client._signal;
    if (!signal || !signal.isOpen || client._state !== 'CONNECTED') {
      schedule(RETRY_MS); // signaling is down too: restart once it is back
      return;
    }
    attempts++;
    log.warn(`${what} media connection ${pc.iceConnectionState}: ICE restart (attempt ${attempts})`);
    try {
      await restart();
    } catch (e) {
      log.warn(`${what} ICE restart failed: ${e && e.message}`);
    }
    if (!over()) schedule(RETRY_MS);
  };
  const onChange = () => {
    if (over()) {
      if (timer) clearTimeout(timer);
      timer = null;
      return;
    }
    const s = pc.iceConnectionState;
    if (up()) {
      if (timer) clearTimeout(timer);
      timer = null;
      if (attempts) log.info(`${what} media connection back after ${attempts} ICE restart(s)`);
      attempts = 0;
    } else if (s === 'failed') {
      if (timer) clearTimeout(timer);
      timer = null;
      schedule(0);
    } else if (s === 'disconnected') {
      schedule(DISCONNECTED_GRACE_MS);
    }
  };
  pc.addEventListener('iceconnectionstatechange', onChange);
  pc.addEventListener('connectionstatechange', onChange);
}
