package dev.parley.sfu.uplink;

import dev.parley.media.rtcp.RtcpPacket;
import java.util.ArrayList;
import java.util.List;

/** A publisher as a {@link UplinkTrack} sees it: always connected, its RTCP kept; Parley's SSRC is 7. */
public final class RecordingPublisher implements UplinkTrack.PublisherFeedback {
    public final List<RtcpPacket> received = new ArrayList<>();

    @Override
    public void send(RtcpPacket packet) {
        received.add(packet);
    }

    @Override
    public boolean connected() {
        return true;
    }

    @Override
    public long localSsrc() {
        return 7;
    }
}
