package dev.rampart.model.net;

import dev.rampart.model.Family;

/**
 * An address and a mask kept apart, as extensions such as {@code conntrack --ctorigsrc} and
 * {@code ipvs --vaddr} store them: unlike {@link IpPrefix} the address is <em>not</em> masked, because
 * iptables prints it back as written ({@code 1.2.3.4/16}). Matching uses {@link #prefix()}.
 * IPv4 uses the low 32 bits of {@code lo}/{@code maskLo}.
 */
public record HostMask(Family family, long hi, long lo, long maskHi, long maskLo) {

    /**
     * Parses {@code address[/mask]} (mask a length or an address-form mask; none means a host), or
     * returns null when the text is not a numeric address of {@code family}.
     */
    public static HostMask parse(Family family, String text) {
        IpPrefix p = IpText.parsePrefix(family, text);
        if (p == null) {
            return null;
        }
        int slash = text.indexOf('/');
        String addr = slash < 0 ? text : text.substring(0, slash);
        if (family == Family.IPV4) {
            return new HostMask(family, 0, IpText.parseIpv4(addr), 0, p.maskLo());
        }
        long[] v = new long[2];
        IpText.parseIpv6(addr, v);
        return new HostMask(family, v[0], v[1], p.maskHi(), p.maskLo());
    }

    /** The addresses this matches. */
    public IpPrefix prefix() {
        return new IpPrefix(family, hi, lo, maskHi, maskLo);
    }

    /** The address alone as inet_ntop prints it. */
    public String addressText() {
        return family == Family.IPV4 ? IpText.formatIpv4((int) lo) : IpText.formatIpv6(hi, lo);
    }

    /**
     * {@code address[/mask]} as {@code xtables_ipaddr_to_numeric} + {@code xtables_ipmask_to_numeric}
     * print it: no suffix for a full mask, {@code /N} for a prefix mask, else the mask in address form.
     */
    @Override
    public String toString() {
        IpPrefix m = new IpPrefix(family, 0, 0, maskHi, maskLo);
        boolean full = family == Family.IPV4 ? maskLo == 0xFFFFFFFFL : maskHi == -1L && maskLo == -1L;
        return full ? addressText() : addressText() + "/" + m.maskText();
    }
}
