package dev.rampart.model.match;

import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.MatchExtension;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.ext.Values;
import dev.rampart.model.net.PortRange;
import dev.rampart.model.net.Protocol;
import dev.rampart.model.write.SaveLine;
import java.util.List;

/** {@code -m udp}: source and destination port ranges (full range when not given). */
public record UdpMatch(PortRange sport, boolean sportInverted, PortRange dport, boolean dportInverted)
        implements Match {

    /** The extension that parses {@code -m udp}. */
    public static final MatchExtension EXTENSION = new Extension();

    @Override
    public String module() {
        return "udp";
    }

    @Override
    public void writeOptions(SaveLine out) {
        if (!sport.isAll() || sportInverted) {
            out.option(sportInverted, "sport", sport.toString());
        }
        if (!dport.isAll() || dportInverted) {
            out.option(dportInverted, "dport", dport.toString());
        }
    }

    private static final class Extension implements MatchExtension {
        private static final List<OptionSpec> OPTIONS = List.of(
                OptionSpec.arg("sport").inv().alias("source-port"),
                OptionSpec.arg("dport").inv().alias("destination-port"));

        @Override
        public String name() {
            return "udp";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Match build(Options o, RuleContext ctx) throws ExtensionException {
            PortRange sport = PortRange.ALL;
            PortRange dport = PortRange.ALL;
            boolean sInv = false;
            boolean dInv = false;
            for (int k = 0, n = o.size(); k < n; k++) { // indexed: no iterator per rule
                OptionUse u = o.use(k);
                if (u.name().equals("sport")) {
                    sport = Values.portRange(u, u.arg(), "udp");
                    sInv = u.inverted();
                } else {
                    dport = Values.portRange(u, u.arg(), "udp");
                    dInv = u.inverted();
                }
            }
            TcpMatch.requireProtocol(o.all().isEmpty() ? null : o.all().get(0), ctx, Protocol.UDP, "udp");
            return new UdpMatch(sport, sInv, dport, dInv);
        }
    }
}
