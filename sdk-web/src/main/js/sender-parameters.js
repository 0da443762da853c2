// RTCRtpSender encoding changes, one at a time per sender. setParameters() is asynchronous and must
// be given what the latest getParameters() returned (W3C webrtc-pc §5.2, [[LastReturnedParameters]]);
// two edits that overlap (a profile change while a small-stream change is still being applied) make
// the browser refuse one of them, or let the later read miss the earlier write. Every edit of a
// sender's encodings goes through here: read, change, write, then the next edit.

/** @type {WeakMap<RTCRtpSender, Promise<unknown>>} */
const pending = new WeakMap();

/**
 * Runs `change` on the sender's current parameters and applies them, after any edit already queued
 * for that sender. `change` returns false to skip the write. Rejects with the browser's error.
 * @param {RTCRtpSender} sender
 * @param {(params: RTCRtpSendParameters) => boolean | void} change
 * @returns {Promise<boolean>} whether parameters were written
 */
export function editEncodings(sender, change) {
  const previous = pending.get(sender) || Promise.resolve();
  const run = previous.then(async () => {
    const params = sender.getParameters();
    if (change(params) === false) return false;
    await sender.setParameters(params);
    return true;
  });
  const settled = run.catch(() => {});
  pending.set(sender, settled);
  settled.then(() => {
    if (pending.get(sender) === settled) pending.delete(sender);
  });
  return run;
}

/**
 * Resolves once every edit queued so far for the sender has been applied (or failed).
 * @param {RTCRtpSender} sender
 */
export function encodingsSettled(sender) {
  return pending.get(sender) || Promise.resolve();
}
