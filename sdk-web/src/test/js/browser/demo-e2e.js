/*
 * Drives the real demo page (index.html, served with ?mock=1 so it talks to this page's mock SFU)
 * in two iframes: both join one room, each must show the other's video with the right label, and
 * a mute in one shows as a badge in the other. Posts results to /result like e2e.js.
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
  try {
    await fetch('/result', { method: 'POST', body: JSON.stringify({ userAgent: navigator.userAgent, results }) });
  } catch (e) {
    // opened by hand
  }
})();
