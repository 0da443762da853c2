/*
 * Drives the real demo page (index.html, served with ?mock=1 so it talks to this page's mock SFU)
 * in two iframes: both join one room, each must show the other's video with the right label, and
 * a mute in one shows as a badge in the other. The dual stream: the demo publishes with the small
 * stream where the browser can, and the HD/SD button on a remote tile asks the SFU for a layer.
 * Posts results to /result like e2e.js.
 */
(async function () {
  'use strict';
  const results = [];
  const check = (name, ok, detail) => results.push({ name, ok: !!ok, detail: detail === undefined ? '' : String(detail) });
  const until = async (fn, ms) => {
    const end = Date.now() + (ms || 15000);
    for (;;) {
      let v = false;
      try {
        v = await fn();
      } catch (e) {
        v = false;
      }
      if (v || Date.now() > end) return v;
      await new Promise((r) => setTimeout(r, 150));
    }
  };
  const load = (frame, userId) => new Promise((resolve) => {
    frame.onload = () => resolve(frame.contentWindow);
    frame.src = `/?mock=1&roomId=4242&userId=${userId}`;
  });
  try {
    const [w1, w2] = await Promise.all([load(document.getElementById('f1'), 'ann'), load(document.getElementById('f2'), 'ben')]);
    check('demo is in dev mode (UserSig field hidden)', await until(() => w1.document.getElementById('usersig-field').classList.contains('hidden'), 5000));
    check('userId and roomId prefilled from the URL', w1.document.getElementById('userId').value === 'ann' && w1.document.getElementById('roomId').value === '4242');
    check('device selects filled', await until(() => w1.document.getElementById('camera').options.length > 0, 5000));
    w1.document.getElementById('join').click();
    await until(() => w1.document.getElementById('status').dataset.state === 'CONNECTED', 10000);
    w2.document.getElementById('join').click();
    const remoteVideo = (w, who) => {
      for (const tile of w.document.querySelectorAll('.tile:not(.local)')) {
        if (tile.querySelector('.name').textContent === who) return tile.querySelector('video');
      }
      return null;
    };
    check('ann sees ben (labelled tile, playing video)', await until(() => remoteVideo(w1, 'ben') && remoteVideo(w1, 'ben').videoWidth > 0, 20000));
    check('ben sees ann (labelled tile, playing video)', await until(() => remoteVideo(w2, 'ann') && remoteVideo(w2, 'ann').videoWidth > 0, 20000));
    check('local preview plays', w1.document.querySelector('#local_stream video').videoWidth > 0);
    await smallStreamChecks(w1, w2);
    w1.document.getElementById('toggle-audio').click();
    const badge = () => {
      for (const tile of w2.document.querySelectorAll('.tile:not(.local)')) {
        if (tile.querySelector('.name').textContent === 'ann') return tile.querySelector('.badges').textContent;
      }
      return '';
    };
    check('ann mutes her mic → ben sees "mic off"', await until(() => badge().includes('mic off'), 5000), badge());
    check('the log shows events', w2.document.getElementById('log').textContent.includes('ann'));
    if (!new URLSearchParams(location.search).has('stay')) {
      w1.document.getElementById('leave').click();
      check('ann leaves → her tile disappears at ben', await until(() => !remoteVideo(w2, 'ann'), 10000));
    }
  } catch (e) {
    check('no exception', false, e && e.stack ? e.stack : String(e));
  }
  /** ann publishes with the small stream; ben's HD/SD button on ann's tile picks the layer. */
  async function smallStreamChecks(w1, w2) {
    const sfu = window.MockParley.server;
    const supported = w1.TRTC.isSmallStreamSupported();
    const publish = sfu.frames.find((f) => f.userId === 'ann' && f.type === 'publish');
    const simulcast = publish ? publish.data.offer.split('\r\n').filter((l) => l.startsWith('a=simulcast:')) : [];
    check(`ann's publish offer ${supported ? 'carries' : 'lacks'} a=simulcast:send l;h (isSmallStreamSupported: ${supported})`,
      publish && simulcast.includes('a=simulcast:send l;h') === supported, simulcast.join(' | '));
    if (!supported) return;
    check('ann\'s log says she sends a small video', w1.document.getElementById('log').textContent.includes('plus a small video'));

    const annPub = Array.from(sfu.publications.values()).find((p) => p.userId === 'ann');
    const benConn = Array.from(sfu.connections).find((c) => c.userId === 'ben');
    const button = () => w2.document.querySelector(`#tile-${annPub.streamId} button.layer`);
    const shown = () => button() && !button().classList.contains('hidden') && button().offsetWidth > 0;
    const looks = (text, pressed) => button().textContent === text && button().getAttribute('aria-pressed') === String(pressed);
    const describeButton = () => (button() ? `${button().textContent} aria-pressed=${button().getAttribute('aria-pressed')} hidden=${button().classList.contains('hidden')}` : 'no button');
    check('ben sees an HD/SD button on ann\'s tile (hasSmall), starting at HD, not pressed', await until(shown, 5000) && looks('HD', false), describeButton());
    check('the button explains itself (tooltip) and names ann', button().title === 'Receive the smaller, cheaper version of this video' &&
      button().getAttribute('aria-label').includes('ann'), `${button().title} / ${button().getAttribute('aria-label')}`);
    check('no HD/SD button on the local tile', !w2.document.querySelector('#local-tile button.layer'));

    const requests = () => sfu.frames.filter((f) => f.userId === 'ben' && f.type === 'set-remote-video-stream-type').map((f) => f.data);
    const asked = (type, count) => {
      const r = requests();
      return r.length === count && r[count - 1].streamId === annPub.streamId && r[count - 1].type === type;
    };
    button().click();
    check('pressing SD sends set-remote-video-stream-type {streamId: ann\'s, type: small}', await until(() => asked('small', 1), 5000), JSON.stringify(requests()));
    check('the button then reads SD, pressed, and the SFU recorded small', await until(() => looks('SD', true), 3000) &&
      benConn.videoStreamTypes[annPub.streamId] === 'small', describeButton());
    button().click();
    check('pressing again sends type: big and reads HD', await until(() => asked('big', 2) && looks('HD', false), 5000), JSON.stringify(requests()));

    // A refusal from the SFU goes to the log; the button keeps its state.
    const answer = sfu.setRemoteVideoStreamType;
    sfu.setRemoteVideoStreamType = function (conn, id) {
      return this.fail(conn, id, 16400, 'REMOTE_STREAM_NOT_EXIST', 'refused by the test');
    };
    button().click();
    const logged = () => Array.from(w2.document.querySelectorAll('#log .error')).some((e) => e.textContent.includes('refused by the test'));
    check('a refused switch is logged as an error; the button stays HD and usable', await until(() => logged() && !button().disabled, 5000) &&
      looks('HD', false), describeButton());
    sfu.setRemoteVideoStreamType = answer;

    // stream-updated: the publisher stops offering the small layer, then offers it again.
    sfu.event(benConn, 'stream-updated', { stream: Object.assign(sfu.streamInfo(annPub), { hasSmall: false }) });
    check('stream-updated without hasSmall hides the button', await until(() => !shown(), 3000), describeButton());
    sfu.event(benConn, 'stream-updated', { stream: sfu.streamInfo(annPub) });
    check('stream-updated with hasSmall shows it again', await until(shown, 3000), describeButton());
  }

  try {
    await fetch('/result', { method: 'POST', body: JSON.stringify({ userAgent: navigator.userAgent, results }) });
  } catch (e) {
    // opened by hand
  }
})();
