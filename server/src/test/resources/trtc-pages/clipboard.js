/* Stand-in for clipboard.js (MIT), which TRTC's demo pages vendor as js/libs/clipboard.min.js for their
   "copy invite link" button; the page only registers it. */
window.ClipboardJS = class ClipboardJS {
  constructor(target) {
    this.target = target;
  }
  on() {
    return this;
  }
};
