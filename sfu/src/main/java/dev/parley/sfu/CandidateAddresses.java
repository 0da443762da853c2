package dev.parley.sfu;

import java.util.List;

/**
 * What Parley puts in its ICE candidates: every announced address (IPv4 and IPv6) on the UDP media port,
 * and on the TCP media port when ICE-TCP is on.
 *
 * @param ips announced addresses, most preferred first
 * @param udpPort the UDP port browsers send to
 * @param tcpPort the TCP port browsers connect to (RFC 6544 passive candidates); 0 for no TCP candidates
 */
public record CandidateAddresses(List<String> ips, int udpPort, int tcpPort) {
    public CandidateAddresses {
        ips = List.copyOf(ips);
        if (ips.isEmpty()) {
            throw new IllegalArgumentException("no address to announce");
        }
    }

    public static CandidateAddresses udp(String ip, int udpPort) {
        return new CandidateAddresses(List.of(ip), udpPort, 0);
    }
}
