package dev.rampart.model.net;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An IP protocol number (0..255) as {@code -p} takes it. Names are those of Debian's
 * {@code /etc/protocols} (netbase), which iptables-save uses to print them, plus iptables' own
 * built-in names ({@code icmpv6}, {@code mh}, {@code all}). Number 0 means "all protocols".
 */
public record Protocol(int number) {
    public static final Protocol ALL = new Protocol(0);
    public static final Protocol ICMP = new Protocol(1);
    public static final Protocol TCP = new Protocol(6);
    public static final Protocol UDP = new Protocol(17);
    public static final Protocol DCCP = new Protocol(33);
    public static final Protocol ESP = new Protocol(50);
    public static final Protocol AH = new Protocol(51);
    public static final Protocol ICMPV6 = new Protocol(58);
    public static final Protocol SCTP = new Protocol(132);
    public static final Protocol MH = new Protocol(135);
    public static final Protocol UDPLITE = new Protocol(136);

    private static final String[] PRINT_NAMES = new String[256];
    private static final Protocol[] CACHE = new Protocol[256];
    private static final Map<String, Integer> BY_NAME = new HashMap<>();

    static {
        String table = "1 icmp ICMP;2 igmp IGMP;3 ggp GGP;4 ipencap IP-ENCAP;5 st ST;6 tcp TCP;8 egp EGP;"
                + "9 igp IGP;12 pup PUP;17 udp UDP;20 hmp HMP;22 xns-idp XNS-IDP;27 rdp RDP;29 iso-tp4 ISO-TP4;"
                + "33 dccp DCCP;36 xtp XTP;37 ddp DDP;38 idpr-cmtp IDPR-CMTP;41 ipv6 IPv6;43 ipv6-route IPv6-Route;"
                + "44 ipv6-frag IPv6-Frag;45 idrp IDRP;46 rsvp RSVP;47 gre GRE;50 esp IPSEC-ESP;51 ah IPSEC-AH;"
                + "57 skip SKIP;58 ipv6-icmp IPv6-ICMP;59 ipv6-nonxt IPv6-NoNxt;60 ipv6-opts IPv6-Opts;"
                + "73 rspf RSPF CPHB;81 vmtp VMTP;88 eigrp EIGRP;89 ospf OSPFIGP;93 ax.25 AX.25;94 ipip IPIP;"
                + "97 etherip ETHERIP;98 encap ENCAP;103 pim PIM;108 ipcomp IPCOMP;112 vrrp VRRP;115 l2tp L2TP;"
                + "124 isis ISIS;132 sctp SCTP;133 fc FC;135 mobility-header Mobility-Header;136 udplite UDPLite;"
                + "137 mpls-in-ip MPLS-in-IP;138 manet;139 hip HIP;140 shim6 Shim6;141 wesp WESP;142 rohc ROHC;"
                + "143 ethernet Ethernet";
        for (String entry : table.split(";")) {
            String[] f = entry.split(" ");
            int n = Integer.parseInt(f[0]);
            PRINT_NAMES[n] = f[1];
            for (int i = 1; i < f.length; i++) {
                BY_NAME.putIfAbsent(f[i], n);
            }
        }
        for (int n = 0; n < 256; n++) {
            CACHE[n] = new Protocol(n);
        }
        BY_NAME.put("all", 0);
        BY_NAME.put("ip", 0);
        BY_NAME.put("hopopt", 0);
        BY_NAME.put("icmpv6", 58);
        BY_NAME.put("ipv6-mh", 135);
        BY_NAME.put("mh", 135);
    }

    public Protocol {
        if (number < 0 || number > 255) {
            throw new IllegalArgumentException("protocol number out of range 0..255: " + number);
        }
    }

    /** The (shared) protocol with this number 0..255. */
    public static Protocol of(int number) {
        if (number < 0 || number > 255) {
            throw new IllegalArgumentException("protocol number out of range 0..255: " + number);
        }
        return CACHE[number];
    }

    /**
     * Parses a protocol name or number as {@code -p} does; returns null when unknown. Names are
     * looked up as given, then in lower case.
     */
    public static Protocol parse(String text) {
        if (!text.isEmpty() && Character.isDigit(text.charAt(0))) {
            try {
                int n = Integer.parseInt(text);
                return n >= 0 && n <= 255 ? of(n) : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        Integer n = BY_NAME.get(text);
        if (n == null) {
            n = BY_NAME.get(text.toLowerCase(Locale.ROOT));
        }
        return n == null ? null : of(n);
    }

    /** Known protocol names, for suggestions. */
    public static java.util.Set<String> names() {
        return BY_NAME.keySet();
    }

    /** Whether this is "all protocols" (number 0). */
    public boolean isAll() {
        return number == 0;
    }

    /** The name iptables-save prints: the /etc/protocols name, else the number. */
    public String saveName() {
        String n = PRINT_NAMES[number];
        return n != null ? n : Integer.toString(number);
    }

    @Override
    public String toString() {
        return saveName();
    }
}
