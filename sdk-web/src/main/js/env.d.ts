// The one global the modules use that lib.dom does not declare: CommonJS's `module`, which bundle.js
// checks for (under node's require() the bundle exports TRTC instead of setting the global).
declare var module: { exports: unknown } | undefined;
