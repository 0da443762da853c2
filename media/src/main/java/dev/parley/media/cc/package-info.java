/**
 * Congestion control for an SFU, both ways. Toward a sender (the SFU receives): transport-wide CC
 * feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01) recorded from packet arrivals, and a
 * simple receive-side bitrate estimate for REMB (draft-alvestrand-rmcat-remb-03) when the sender does not
 * support transport-cc. As a sender (the SFU forwards to a subscriber): {@link
 * dev.parley.media.cc.SendSideBandwidthEstimator}, a GCC-like estimate (draft-ietf-rmcat-gcc-02) from the
 * subscriber's transport-cc feedback — delay-based (trendline over-use detection, AIMD), loss-based, and
 * probe clusters. Small parts an SFU drives from its packet path and its timer; no threads of their own,
 * not thread-safe.
 */
package dev.parley.media.cc;
