package dev.parley.server.http;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether an HTTP {@code Host} header names this machine's loopback interface. The development endpoints
 * answer only such requests: a web page on another origin can make a browser on this machine send
 * requests to 127.0.0.1 under its own name (DNS rebinding), but not with a loopback Host header.
 *
 * <p>Accepted: {@code localhost} and {@code *.localhost} (RFC 6761 §6.3), {@code 127.x.x.x} (RFC 1122
 * §3.2.1.3), {@code [::1]} (RFC 4291 §2.5.3); each with or without a port (RFC 9110 §7.2).
 */
final class LoopbackHost {
    private static final Pattern PORT = Pattern.compile("(?::(\\d{1,5}))?");
    private static final Pattern IPV6 = Pattern.compile("\\[([0-9a-f:]+)]" + PORT.pattern());
    private static final Pattern NAME = Pattern.compile("((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)*localhost)"
            + PORT.pattern());
    private static final Pattern IPV4 = Pattern.compile("127\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})" + PORT.pattern());

    private LoopbackHost() {
    }

    static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.trim().toLowerCase(Locale.ROOT);
        Matcher m;
        if ((m = IPV6.matcher(h)).matches()) {
            return isIpv6Loopback(m.group(1)) && validPort(m.group(2));
        }
        if ((m = NAME.matcher(h)).matches()) {
            return validPort(m.group(2));
        }
        if ((m = IPV4.matcher(h)).matches()) {
            for (int i = 1; i <= 3; i++) {
                if (Integer.parseInt(m.group(i)) > 255) {
                    return false;
                }
            }
            return validPort(m.group(4));
        }
        return false;
    }

    private static boolean validPort(String port) {
        return port == null || Integer.parseInt(port) <= 65535;
    }

    /** {@code ::1} in any of its spellings ({@code 0:0:0:0:0:0:0:1}, {@code ::0:1}, ...). */
    private static boolean isIpv6Loopback(String text) {
        int gap = text.indexOf("::");
        if (gap != text.lastIndexOf("::")) {
            return false;
        }
        String[] head = gap < 0 ? text.split(":", -1) : splitGroups(text.substring(0, gap));
        String[] tail = gap < 0 ? new String[0] : splitGroups(text.substring(gap + 2));
        int groups = head.length + tail.length;
        if (gap < 0 ? groups != 8 : groups > 7) {
            return false;
        }
        int[] value = new int[8];
        for (int i = 0; i < head.length; i++) {
            value[i] = group(head[i]);
        }
        for (int i = 0; i < tail.length; i++) {
            value[8 - tail.length + i] = group(tail[i]);
        }
        for (int i = 0; i < 7; i++) {
            if (value[i] != 0) {
                return false;
            }
        }
        return value[7] == 1;
    }

    private static String[] splitGroups(String s) {
        return s.isEmpty() ? new String[0] : s.split(":", -1);
    }

    /** A 16-bit group, or -1 when it is not 1-4 hex digits. */
    private static int group(String g) {
        return g.length() >= 1 && g.length() <= 4 ? Integer.parseInt(g, 16) : -1;
    }
}
