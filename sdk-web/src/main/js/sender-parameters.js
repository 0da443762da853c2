/**
 * One RTCRtpSender's parameter changes, one at a time. A setParameters() while another is in flight fails
 * (its transactionId is stale: W3C webrtc-pc §5.2, setParameters step "transactionId"), and the SDK changes
 * a sender's parameters from several places (profile, small stream on/off, small-stream profile), some not
 * awaited by the page. Each change here reads, edits and writes after the previous one settled.
 */

/** @type {WeakMap<RTCRtpSender, Promise<unknown>>} */
const pending = new WeakMap();

/**
 * Runs {@code edit} on the sender's current parameters and writes them, after any earlier change settled.
 * {@code edit} returns false to leave the parameters as they are.
 * @param {RTCRtpSender} sender
 * @param {(params: RTCRtpSendParameters) => boolean | void} edit
 * @returns {Promise<boolean>} whether parameters were written
 */
export function updateSenderParameters(sender, edit) {
  const previous = pending.get(sender) || Promise.resolve();
  const next = previous.catch(() => false).then(async () => {
    const params = sender.getParameters();
    if (edit(params) === false) return false;
    await sender.setParameters(params);
    return true;
  });
  pending.set(sender, next);
  return next;
}
