// TRTC.VERSION: the TRTC Web SDK API level this SDK implements, then Parley's version.
export const VERSION = '4.15.0-parley.0.1.0';
