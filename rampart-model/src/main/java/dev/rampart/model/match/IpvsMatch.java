package dev.rampart.model.match;

import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.MatchExtension;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.ext.Values;
import dev.rampart.model.net.HostMask;
import dev.rampart.model.write.SaveLine;
import java.util.List;
import java.util.Locale;

/**
 * {@code -m ipvs}: properties of the IPVS (load balancer) connection of the packet. {@code ipvs} is
 * the plain "belongs to IPVS" test (null when not given on its own); other components are null when
 * not tested. {@code vaddr} keeps its unmasked form; {@code vdirReply} is true for REPLY.
 */
public record IpvsMatch(ConntrackMatch.Test<Boolean> ipvs, ConntrackMatch.Test<Integer> vproto,
                        ConntrackMatch.Test<HostMask> vaddr, ConntrackMatch.Test<Integer> vport, Boolean vdirReply,
                        ConntrackMatch.Test<Method> vmethod, ConntrackMatch.Test<Integer> vportctl) implements Match {

    /** The extension that parses {@code -m ipvs}. */
    public static final MatchExtension EXTENSION = new Extension();

    /** IPVS forwarding methods. */
    public enum Method { GATE, IPIP, MASQ }

    @Override
    public String module() {
        return "ipvs";
    }

    @Override
    public void writeOptions(SaveLine out) {
        boolean onlyProperty = vproto == null && vaddr == null && vport == null && vdirReply == null
                && vmethod == null && vportctl == null;
        if (ipvs != null && onlyProperty) {
            out.option(ipvs.inverted(), "ipvs");
        }
        if (vproto != null) {
            out.option(vproto.inverted(), "vproto", vproto.value().toString());
        }
        if (vaddr != null) {
            out.option(vaddr.inverted(), "vaddr", vaddr.value().toString());
        }
        if (vport != null) {
            out.option(vport.inverted(), "vport", vport.value().toString());
        }
        if (vdirReply != null) {
            out.option("vdir", vdirReply ? "REPLY" : "ORIGINAL");
        }
        if (vmethod != null) {
            out.option(vmethod.inverted(), "vmethod", vmethod.value().name());
        }
        if (vportctl != null) {
            out.option(vportctl.inverted(), "vportctl", vportctl.value().toString());
        }
    }

    private static final class Extension implements MatchExtension {
        private static final List<OptionSpec> OPTIONS = List.of(
                OptionSpec.flag("ipvs").inv(),
                OptionSpec.arg("vproto").inv(),
                OptionSpec.arg("vaddr").inv(),
                OptionSpec.arg("vport").inv(),
                OptionSpec.arg("vdir"),
                OptionSpec.arg("vmethod").inv(),
                OptionSpec.arg("vportctl").inv());

        @Override
        public String name() {
            return "ipvs";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Match build(Options o, RuleContext ctx) throws ExtensionException {
            if (o.isEmpty()) {
                throw MatchArgs.required("ipvs", "at least one option such as --ipvs or --vaddr");
            }
            ConntrackMatch.Test<Boolean> ipvs = null;
            ConntrackMatch.Test<Integer> proto = null;
            ConntrackMatch.Test<HostMask> addr = null;
            ConntrackMatch.Test<Integer> port = null;
            Boolean reply = null;
            ConntrackMatch.Test<Method> method = null;
            ConntrackMatch.Test<Integer> portctl = null;
            for (OptionUse u : o.all()) {
                boolean inv = u.inverted();
                switch (u.name()) {
                    case "ipvs" -> ipvs = new ConntrackMatch.Test<>(true, inv);
                    case "vproto" -> proto = new ConntrackMatch.Test<>(MatchArgs.protocol(u, u.arg()), inv);
                    case "vaddr" -> addr = new ConntrackMatch.Test<>(MatchArgs.hostMask(u, u.arg(), ctx.family()), inv);
                    case "vport" -> port = new ConntrackMatch.Test<>(Values.port(u, u.arg(), null), inv);
                    case "vportctl" -> portctl = new ConntrackMatch.Test<>(Values.port(u, u.arg(), null), inv);
                    case "vdir" -> {
                        String d = u.arg().toUpperCase(Locale.ROOT);
                        if (!d.equals("ORIGINAL") && !d.equals("REPLY")) {
                            throw ExtensionException.badValue(u, "invalid direction '" + u.arg() + "' for --vdir",
                                    "use ORIGINAL or REPLY");
                        }
                        reply = d.equals("REPLY");
                    }
                    case "vmethod" -> {
                        Method m;
                        try {
                            m = Method.valueOf(u.arg().toUpperCase(Locale.ROOT));
                        } catch (IllegalArgumentException e) {
                            throw ExtensionException.badValue(u, "unknown forwarding method '" + u.arg() + "'",
                                    "use GATE, IPIP or MASQ");
                        }
                        method = new ConntrackMatch.Test<>(m, inv);
                    }
                    default -> throw new IllegalStateException(u.name());
                }
            }
            return new IpvsMatch(ipvs, proto, addr, port, reply, method, portctl);
        }
    }
}
