package dev.parley.server.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The address announced in ICE candidates when none is configured.
 *
 * <p>Not 127.0.0.1: browsers bind their ICE sockets to the machine's interface addresses, and Linux
 * will not route from such a socket to the loopback network, so a loopback candidate is unreachable
 * even for a browser on the same machine. The first non-loopback IPv4 address (site-local preferred)
 * works for the same machine and for the LAN; behind NAT, configure {@code --announce-ip}.
 */
final class LocalAddresses {
    private LocalAddresses() {
    }

    static String defaultAnnounceIp() {
        List<InetAddress> candidates = new ArrayList<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp() || nif.isLoopback() || nif.isVirtual() || nif.isPointToPoint()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                        candidates.add(a);
                    }
                }
            }
        } catch (SocketException e) {
            return "127.0.0.1";
        }
        return candidates.stream().filter(InetAddress::isSiteLocalAddress).findFirst()
                .or(() -> candidates.stream().findFirst())
                .map(InetAddress::getHostAddress)
                .orElse("127.0.0.1");
    }
}
