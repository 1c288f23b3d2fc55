package dev.rampart.model.match;

import dev.rampart.model.Family;
import dev.rampart.model.diag.DiagnosticCode;
import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.MatchExtension;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.ext.Values;
import dev.rampart.model.net.IpPrefix;
import dev.rampart.model.net.IpText;
import dev.rampart.model.net.Protocol;
import dev.rampart.model.write.SaveLine;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code -m policy}: the IPsec policy that was used to decapsulate ({@code --dir in}) or will be used
 * to encapsulate ({@code --dir out}) the packet. With {@code --pol none} the packet must not be
 * subject to IPsec; with {@code --pol ipsec} it must be, and each {@link Element} (separated by
 * {@code --next}) constrains one transform: all of them in order with {@code strict}, any one
 * otherwise. {@code elements} is empty for {@code --pol none}.
 */
public record PolicyMatch(boolean in, boolean none, boolean strict, List<Element> elements) implements Match {

    /** The extension that parses {@code -m policy}. */
    public static final MatchExtension EXTENSION = new Extension();

    /** Most elements the kernel accepts. */
    public static final int MAX_ELEMENTS = 4;

    public PolicyMatch {
        elements = List.copyOf(elements);
    }

    /**
     * A tunnel endpoint: {@code prefix} is what the kernel compares ({@code (addr ^ a) & mask == 0});
     * {@code address} is the address as given (iptables does not mask it), used for printing.
     */
    public record Endpoint(IpPrefix address, IpPrefix prefix) {
        /** As iptables-save prints it: the unmasked address, then {@code /mask} unless a host mask. */
        @Override
        public String toString() {
            boolean host = prefix.length() == (prefix.family() == Family.IPV4 ? 32 : 128);
            return address.addressText() + (host ? "" : "/" + prefix.maskText());
        }
    }

    /**
     * One policy element; every part is optional (null when not given) and has its own inversion.
     * {@code tunnel} is null (any), true ({@code --mode tunnel}) or false ({@code --mode transport}).
     */
    public record Element(Long reqid, boolean reqidInverted, Long spi, boolean spiInverted, Protocol proto,
                          boolean protoInverted, Boolean tunnel, boolean modeInverted, Endpoint tunnelSrc,
                          boolean tunnelSrcInverted, Endpoint tunnelDst, boolean tunnelDstInverted) {

        boolean isEmpty() {
            return reqid == null && spi == null && proto == null && tunnel == null && tunnelSrc == null
                    && tunnelDst == null;
        }

        void write(SaveLine out) {
            if (reqid != null) {
                out.option(reqidInverted, "reqid", Long.toString(reqid));
            }
            if (spi != null) {
                out.option(spiInverted, "spi", "0x" + Long.toHexString(spi));
            }
            if (proto != null) {
                out.option(protoInverted, "proto", proto.saveName());
            }
            if (tunnel != null) {
                out.option(modeInverted, "mode", tunnel ? "tunnel" : "transport");
            }
            if (tunnelDst != null) {
                out.option(tunnelDstInverted, "tunnel-dst", tunnelDst.toString());
            }
            if (tunnelSrc != null) {
                out.option(tunnelSrcInverted, "tunnel-src", tunnelSrc.toString());
            }
        }
    }

    @Override
    public String module() {
        return "policy";
    }

    @Override
    public void writeOptions(SaveLine out) {
        out.option("dir", in ? "in" : "out");
        out.option("pol", none ? "none" : "ipsec");
        if (strict) {
            out.option("strict");
        }
        for (int i = 0; i < elements.size(); i++) {
            elements.get(i).write(out);
            if (i + 1 < elements.size()) {
                out.option("next");
            }
        }
    }

    /** Mutable builder for one element while options are read. */
    private static final class ElementBuilder {
        Long reqid;
        boolean reqidInv;
        Long spi;
        boolean spiInv;
        Protocol proto;
        boolean protoInv;
        Boolean tunnel;
        boolean modeInv;
        Endpoint src;
        boolean srcInv;
        Endpoint dst;
        boolean dstInv;

        Element build() {
            return new Element(reqid, reqidInv, spi, spiInv, proto, protoInv, tunnel, modeInv, src, srcInv, dst, dstInv);
        }
    }

    static Endpoint endpoint(OptionUse u, Family family) throws ExtensionException {
        String text = u.arg();
        int slash = text.indexOf('/');
        IpPrefix addr = IpText.parsePrefix(family, slash < 0 ? text : text.substring(0, slash));
        IpPrefix prefix = IpText.parsePrefix(family, text);
        if (addr == null || prefix == null) {
            throw ExtensionException.badValue(u, "invalid " + (family == Family.IPV4 ? "IPv4" : "IPv6")
                    + " address '" + text + "' for --" + u.name());
        }
        return new Endpoint(addr, prefix);
    }

    private static ExtensionException twice(OptionUse u) {
        return new ExtensionException(DiagnosticCode.DUPLICATE_OPTION, "--" + u.name()
                + " given twice for the same policy element", u, false, "separate policy elements with --next");
    }

    private static final class Extension implements MatchExtension {
        private static final List<OptionSpec> OPTIONS = List.of(
                OptionSpec.arg("dir"),
                OptionSpec.arg("pol"),
                OptionSpec.flag("strict"),
                OptionSpec.arg("reqid").inv().multi(),
                OptionSpec.arg("spi").inv().multi(),
                OptionSpec.arg("tunnel-src").inv().multi(),
                OptionSpec.arg("tunnel-dst").inv().multi(),
                OptionSpec.arg("proto").inv().multi(),
                OptionSpec.arg("mode").inv().multi(),
                OptionSpec.flag("next").multi());

        @Override
        public String name() {
            return "policy";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Match build(Options o, RuleContext ctx) throws ExtensionException {
            Boolean in = null;
            boolean none = false;
            List<ElementBuilder> elems = new ArrayList<>();
            ElementBuilder e = new ElementBuilder();
            elems.add(e);
            OptionUse firstElementOption = null;
            OptionUse next = null;
            for (OptionUse u : o.all()) {
                switch (u.name()) {
                    case "dir" -> {
                        if (!u.arg().equals("in") && !u.arg().equals("out")) {
                            throw ExtensionException.badValue(u, "invalid --dir '" + u.arg() + "'", "use 'in' or 'out'");
                        }
                        in = u.arg().equals("in");
                    }
                    case "pol" -> {
                        if (!u.arg().equals("none") && !u.arg().equals("ipsec")) {
                            throw ExtensionException.badValue(u, "invalid --pol '" + u.arg() + "'",
                                    "use 'ipsec' or 'none'");
                        }
                        none = u.arg().equals("none");
                    }
                    case "strict" -> {
                        // read below
                    }
                    case "next" -> {
                        next = next == null ? u : next;
                        if (elems.size() == MAX_ELEMENTS) {
                            throw ExtensionException.constraint(u, "at most " + MAX_ELEMENTS
                                    + " policy elements are allowed", null);
                        }
                        e = new ElementBuilder();
                        elems.add(e);
                    }
                    default -> {
                        firstElementOption = firstElementOption == null ? u : firstElementOption;
                        element(e, u, ctx.family());
                    }
                }
            }
            if (in == null) {
                throw ExtensionException.constraint(null, "match 'policy' needs --dir in or --dir out", null);
            }
            boolean strict = o.has("strict");
            if (next != null && !strict) {
                throw ExtensionException.constraint(next, "--next needs --strict", "add '--strict'");
            }
            List<Element> built = new ArrayList<>();
            if (none) {
                if (strict) {
                    throw ExtensionException.constraint(o.get("strict"), "--pol none cannot be combined with --strict",
                            "remove --strict");
                }
                if (next != null || firstElementOption != null) {
                    OptionUse at = firstElementOption != null ? firstElementOption : next;
                    throw ExtensionException.constraint(at, "--pol none matches packets without IPsec; it takes no "
                            + "policy element options", "use '--pol ipsec' or remove --" + at.name());
                }
            } else {
                for (int i = 0; i < elems.size(); i++) {
                    Element el = elems.get(i).build();
                    if (strict && el.isEmpty()) {
                        throw ExtensionException.constraint(o.get("strict"), "policy element " + i + " is empty; with "
                                + "--strict each element needs --reqid, --spi, --tunnel-src, --tunnel-dst, --proto or --mode",
                                null);
                    }
                    boolean tunnelMode = el.tunnel() != null && el.tunnel() != el.modeInverted();
                    if ((el.tunnelSrc() != null || el.tunnelDst() != null) && !tunnelMode) {
                        OptionUse at = o.get(el.tunnelDst() != null ? "tunnel-dst" : "tunnel-src");
                        throw ExtensionException.constraint(at, "--tunnel-src/--tunnel-dst are only valid in tunnel mode",
                                "add '--mode tunnel' to the policy element");
                    }
                    built.add(el);
                }
            }
            if (in && ctx.inChains(false, "OUTPUT", "POSTROUTING")) {
                throw ExtensionException.constraint(o.get("dir"), "--dir in (decapsulation policy) is not valid in "
                        + ctx.chain(), "use --dir out in OUTPUT and POSTROUTING");
            }
            if (!in && ctx.inChains(false, "INPUT", "PREROUTING")) {
                throw ExtensionException.constraint(o.get("dir"), "--dir out (encapsulation policy) is not valid in "
                        + ctx.chain(), "use --dir in in PREROUTING and INPUT");
            }
            return new PolicyMatch(in, none, strict, built);
        }

        private static void element(ElementBuilder e, OptionUse u, Family family) throws ExtensionException {
            switch (u.name()) {
                case "reqid" -> {
                    if (e.reqid != null) {
                        throw twice(u);
                    }
                    e.reqid = Values.number(u, u.arg(), 0, 0xFFFFFFFFL);
                    e.reqidInv = u.inverted();
                }
                case "spi" -> {
                    if (e.spi != null) {
                        throw twice(u);
                    }
                    e.spi = Values.number(u, u.arg(), 0, 0xFFFFFFFFL);
                    e.spiInv = u.inverted();
                }
                case "proto" -> {
                    if (e.proto != null) {
                        throw twice(u);
                    }
                    Protocol p = Protocol.parse(u.arg());
                    if (p == null || p.number() != 50 && p.number() != 51 && p.number() != 108) {
                        throw ExtensionException.badValue(u, "--proto must be ah, esp or ipcomp, not '" + u.arg() + "'");
                    }
                    e.proto = p;
                    e.protoInv = u.inverted();
                }
                case "mode" -> {
                    if (e.tunnel != null) {
                        throw twice(u);
                    }
                    if (!u.arg().equals("tunnel") && !u.arg().equals("transport")) {
                        throw ExtensionException.badValue(u, "invalid --mode '" + u.arg() + "'",
                                "use 'tunnel' or 'transport'");
                    }
                    e.tunnel = u.arg().equals("tunnel");
                    e.modeInv = u.inverted();
                }
                case "tunnel-src" -> {
                    if (e.src != null) {
                        throw twice(u);
                    }
                    e.src = endpoint(u, family);
                    e.srcInv = u.inverted();
                }
                case "tunnel-dst" -> {
                    if (e.dst != null) {
                        throw twice(u);
                    }
                    e.dst = endpoint(u, family);
                    e.dstInv = u.inverted();
                }
                default -> throw new IllegalStateException(u.name());
            }
        }
    }
}
