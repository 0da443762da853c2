/**
 * Receive-side congestion control feedback for a media sender: transport-wide CC feedback
 * (draft-holmer-rmcat-transport-wide-cc-extensions-01) recorded from packet arrivals, and a simple
 * receive-side bitrate estimate for REMB (draft-alvestrand-rmcat-remb-03) when the sender does not
 * support transport-cc. Small parts an SFU drives from its packet path and its timer; no threads of
 * their own, not thread-safe.
 */
package dev.parley.media.cc;
