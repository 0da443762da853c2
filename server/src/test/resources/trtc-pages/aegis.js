/* Stand-in for Tencent's Aegis monitoring SDK (https://cdn-go.cn/aegis/...), which TRTC's demo pages
   report their clicks to. Offline it records the reports instead (TrtcPagesIT). */
window.Aegis = class Aegis {
  constructor(options) {
    this.options = options;
    window.__aegisEvents = window.__aegisEvents || [];
  }
  reportEvent(event) {
    window.__aegisEvents.push(event);
  }
  info() {}
  error() {}
};
