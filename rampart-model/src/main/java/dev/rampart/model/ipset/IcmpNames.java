package dev.rampart.model.ipset;

/**
 * ICMP and ICMPv6 type/code names as ipset reads and prints them in {@code icmp:NAME} /
 * {@code ipv6-icmp:NAME} port parts. Reading accepts any unambiguous-by-order prefix of a name (the
 * first name in table order that starts with the text wins), as ipset does; printing uses the first
 * name of a type/code.
 */
public final class IcmpNames {
    private IcmpNames() {
    }

    private record Entry(String name, int type, int code) {
    }

    private static final Entry[] V4 = table("echo-reply 0 0;pong 0 0;network-unreachable 3 0;"
            + "host-unreachable 3 1;protocol-unreachable 3 2;port-unreachable 3 3;fragmentation-needed 3 4;"
            + "source-route-failed 3 5;network-unknown 3 6;host-unknown 3 7;network-prohibited 3 9;"
            + "host-prohibited 3 10;TOS-network-unreachable 3 11;TOS-host-unreachable 3 12;"
            + "communication-prohibited 3 13;host-precedence-violation 3 14;precedence-cutoff 3 15;"
            + "source-quench 4 0;network-redirect 5 0;host-redirect 5 1;TOS-network-redirect 5 2;"
            + "TOS-host-redirect 5 3;echo-request 8 0;ping 8 0;router-advertisement 9 0;router-solicitation 10 0;"
            + "ttl-zero-during-transit 11 0;ttl-zero-during-reassembly 11 1;ip-header-bad 12 0;"
            + "required-option-missing 12 1;timestamp-request 13 0;timestamp-reply 14 0;"
            + "address-mask-request 17 0;address-mask-reply 18 0");
    private static final Entry[] V6 = table("no-route 1 0;communication-prohibited 1 1;address-unreachable 1 3;"
            + "port-unreachable 1 4;packet-too-big 2 0;ttl-zero-during-transit 3 0;ttl-zero-during-reassembly 3 1;"
            + "bad-header 4 0;unknown-header-type 4 1;unknown-option 4 2;echo-request 128 0;ping 128 0;"
            + "echo-reply 129 0;pong 129 0;router-solicitation 133 0;router-advertisement 134 0;"
            + "neighbour-solicitation 135 0;neigbour-solicitation 135 0;neighbour-advertisement 136 0;"
            + "neigbour-advertisement 136 0;redirect 137 0");

    private static Entry[] table(String spec) {
        String[] items = spec.split(";");
        Entry[] out = new Entry[items.length];
        for (int i = 0; i < items.length; i++) {
            String[] f = items[i].split(" ");
            out[i] = new Entry(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]));
        }
        return out;
    }

    /** The printed name of {@code type/code}, or null when it has none. */
    public static String name(boolean v6, int type, int code) {
        for (Entry e : v6 ? V6 : V4) {
            if (e.type == type && e.code == code) {
                return e.name;
            }
        }
        return null;
    }

    /** {@code {type, code}} of the first name starting with {@code text}, or null. */
    public static int[] lookup(boolean v6, String text) {
        if (text.isEmpty()) {
            return null;
        }
        for (Entry e : v6 ? V6 : V4) {
            if (e.name.startsWith(text)) {
                return new int[] {e.type, e.code};
            }
        }
        return null;
    }

    /** All names, for suggestions. */
    public static java.util.List<String> names(boolean v6) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (Entry e : v6 ? V6 : V4) {
            out.add(e.name);
        }
        return out;
    }
}
