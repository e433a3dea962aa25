package io.earshot.platform.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which addresses an outbound request (a source poll, a webhook delivery) may connect to. Loopback, link-local,
 * private, unique-local, carrier-grade NAT, unspecified, multicast, broadcast and reserved ranges are refused, also
 * when they hide in an IPv4-mapped, IPv4-compatible or NAT64 IPv6 address; everything else is allowed. The
 * allow-list ({@code earshot.outbound.allow-list}) lets named hosts ({@code feeds.intranet.example}) or ranges
 * ({@code 10.20.0.0/16}, {@code 127.0.0.1}) through on purpose, for on-premises feeds and receivers; it is empty by
 * default.
 */
public final class AddressPolicy {
    /** A CIDR range: a network address and a prefix length. */
    record Range(byte[] net, int prefix) {
        boolean contains(byte[] a) {
            if (a.length != net.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (a[i] != net[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (a[full] & mask) == (net[full] & mask);
        }

        static Range parse(String cidr) {
            int slash = cidr.indexOf('/');
            String ip = slash < 0 ? cidr : cidr.substring(0, slash);
            byte[] net = literal(ip);
            if (net == null) {
                throw new IllegalArgumentException("not an IP address or CIDR range: " + cidr);
            }
            int prefix;
            try {
                prefix = slash < 0 ? net.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a CIDR prefix length: " + cidr, e);
            }
            if (prefix < 0 || prefix > net.length * 8) {
                throw new IllegalArgumentException("CIDR prefix length out of range: " + cidr);
            }
            return new Range(net, prefix);
        }
    }

    private static final List<Range> V4_REFUSED = ranges(
            "0.0.0.0/8", // "this network", unspecified
            "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", // private
            "100.64.0.0/10", // carrier-grade NAT
            "127.0.0.0/8", // loopback
            "169.254.0.0/16", // link-local (cloud metadata at 169.254.169.254)
            "192.0.0.0/24", "192.0.2.0/24", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", // special, test nets
            "224.0.0.0/4", // multicast
            "240.0.0.0/4"); // reserved, broadcast
    private static final List<Range> V6_REFUSED = ranges(
            "::/128", "::1/128", // unspecified, loopback
            "fe80::/10", "fec0::/10", // link-local, old site-local
            "fc00::/7", // unique local
            "ff00::/8", // multicast
            "2001:db8::/32", "100::/64"); // documentation, discard
    /** IPv6 forms that carry an IPv4 address in their last four bytes. */
    private static final List<Range> V6_EMBEDDING_V4 = ranges("::ffff:0:0/96", "::/96", "64:ff9b::/96",
            "64:ff9b:1::/48");

    private final List<Range> allowedRanges;
    private final Set<String> allowedHosts;

    private AddressPolicy(List<Range> ranges, Set<String> hosts) {
        this.allowedRanges = List.copyOf(ranges);
        this.allowedHosts = Set.copyOf(hosts);
    }

    /** Nothing internal allowed (the default). */
    public static AddressPolicy strict() {
        return new AddressPolicy(List.of(), Set.of());
    }

    /**
     * The policy with an allow-list: each entry is an IP address, a CIDR range, or a host name (matched exactly,
     * case-insensitively, before resolution). Blank entries are ignored; a malformed range is an error at start.
     */
    public static AddressPolicy allowing(List<String> entries) {
        List<Range> ranges = new ArrayList<>();
        Set<String> hosts = new TreeSet<>();
        for (String raw : entries == null ? List.<String>of() : entries) {
            String e = raw == null ? "" : raw.strip();
            if (e.isEmpty()) {
                continue;
            }
            if (e.contains("/") || literal(e) != null) {
                ranges.add(Range.parse(e));
            } else {
                hosts.add(e.toLowerCase(Locale.ROOT));
            }
        }
        return new AddressPolicy(ranges, hosts);
    }

    /** True when the allow-list names this host (then whatever it resolves to is allowed). */
    public boolean hostAllowed(String host) {
        return host != null && allowedHosts.contains(unbracket(host).toLowerCase(Locale.ROOT));
    }

    /** Null when {@code address} may be connected to; otherwise why not (for the log only, never for users). */
    public String refusal(InetAddress address) {
        byte[] a = address.getAddress();
        for (Range r : allowedRanges) {
            if (r.contains(a)) {
                return null;
            }
        }
        String why = internal(a);
        return why == null ? null : why + " address " + address.getHostAddress();
    }

    /** Null for a public address; otherwise the kind of internal address. */
    static String internal(byte[] a) {
        if (a.length == 4) {
            for (Range r : V4_REFUSED) {
                if (r.contains(a)) {
                    return "internal";
                }
            }
            return null;
        }
        for (Range r : V6_REFUSED) {
            if (r.contains(a)) {
                return "internal";
            }
        }
        for (Range r : V6_EMBEDDING_V4) {
            if (r.contains(a)) {
                byte[] v4 = new byte[]{a[12], a[13], a[14], a[15]};
                return internal(v4) == null ? null : "embedded internal IPv4";
            }
        }
        return null;
    }

    /** The bytes of an IPv4 or IPv6 literal (brackets allowed), or null when {@code s} is not one. Never uses DNS. */
    static byte[] literal(String s) {
        String v = unbracket(s);
        boolean v4 = v.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
        boolean v6 = v.indexOf(':') >= 0 && v.matches("[0-9A-Fa-f:.]+");
        if (!v4 && !v6) {
            return null;
        }
        try {
            byte[] b = InetAddress.getByName(v).getAddress(); // a literal: parsed, not looked up
            if (v6 && b.length == 4) { // Java turns ::ffff:a.b.c.d into an IPv4 address; keep the IPv6 form
                byte[] m = new byte[16];
                m[10] = (byte) 0xFF;
                m[11] = (byte) 0xFF;
                System.arraycopy(b, 0, m, 12, 4);
                return m;
            }
            return b;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static List<Range> ranges(String... cidrs) {
        List<Range> out = new ArrayList<>();
        for (String c : cidrs) {
            out.add(Range.parse(c));
        }
        return List.copyOf(out);
    }
}
