#!/bin/sh
# Captures real browser SDPs (offers, answer) from Debian's Chromium and Firefox ESR, headless,
# with fake capture devices, into the fixtures directory next to this script. See README.md.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
FIXTURES=$(dirname "$HERE")
WORK=$(mktemp -d)
mkdir "$WORK/out" "$WORK/chrome" "$WORK/firefox"

python3 "$HERE/capture_server.py" "$WORK/port" "$WORK/out" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
while [ ! -s "$WORK/port" ]; do sleep 0.2; done
URL="http://127.0.0.1:$(cat "$WORK/port")/capture-page.html"

await() { # waits up to 60 s for the page to report done (or an error) for browser $1
  i=0
  while [ ! -f "$WORK/out/done-$1.sdp" ] && [ ! -f "$WORK/out/error-$1.sdp" ] && [ $i -lt 300 ]; do
    sleep 0.2; i=$((i + 1))
  done
  if [ -f "$WORK/out/error-$1.sdp" ]; then cat "$WORK/out/error-$1.sdp" >&2; exit 1; fi
}

/usr/bin/chromium --headless --no-sandbox --disable-gpu \
  --use-fake-device-for-media-stream --use-fake-ui-for-media-stream --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$WORK/chrome" "$URL" >/dev/null 2>&1 &
CHROME=$!
await chrome
kill $CHROME 2>/dev/null || true

cat > "$WORK/firefox/user.js" <<'PREFS'
user_pref("media.navigator.streams.fake", true);
user_pref("media.navigator.permission.disabled", true);
user_pref("browser.shell.checkDefaultBrowser", false);
user_pref("datareporting.policy.dataSubmissionEnabled", false);
user_pref("toolkit.telemetry.reportingpolicy.firstRun", false);
user_pref("browser.aboutwelcome.enabled", false);
user_pref("app.update.enabled", false);
user_pref("app.normandy.enabled", false);
user_pref("browser.startup.homepage_override.mstone", "ignore");
PREFS
/usr/bin/firefox-esr -headless -no-remote -profile "$WORK/firefox" "$URL" >/dev/null 2>&1 &
FIREFOX=$!
await firefox
kill $FIREFOX 2>/dev/null || true

rm -f "$WORK/out"/done-*.sdp
cp "$WORK/out"/*.sdp "$FIXTURES/"
ls "$WORK/out"
