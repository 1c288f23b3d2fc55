package dev.rampart.model.match;

import dev.rampart.model.diag.DiagnosticCode;
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

/**
 * {@code -m tcp}: source/destination port ranges, TCP flags ({@code flagMask} bits examined, which must
 * equal {@code flagComp}; {@code --syn} is {@code FIN,SYN,RST,ACK SYN}) and a TCP option kind.
 * Unset parts are the full port range, mask 0 and option 0 (and are not printed unless inverted).
 */
public record TcpMatch(PortRange sport, boolean sportInverted, PortRange dport, boolean dportInverted,
                       int flagMask, int flagComp, boolean flagsInverted, int option, boolean optionInverted)
        implements Match {

    /** The extension that parses {@code -m tcp}. */
    public static final MatchExtension EXTENSION = new Extension();

    /** {@code -m tcp} with no option: matches every TCP packet. */
    private static final TcpMatch WITHOUT_OPTIONS =
            new TcpMatch(PortRange.ALL, false, PortRange.ALL, false, 0, 0, false, 0, false);

    @Override
    public String module() {
        return "tcp";
    }

    @Override
    public void writeOptions(SaveLine out) {
        if (!sport.isAll() || sportInverted) {
            out.option(sportInverted, "sport", sport.toString());
        }
        if (!dport.isAll() || dportInverted) {
            out.option(dportInverted, "dport", dport.toString());
        }
        if (option != 0 || optionInverted) {
            out.option(optionInverted, "tcp-option", Integer.toString(option));
        }
        if (flagMask != 0 || flagsInverted) {
            out.option(flagsInverted, "tcp-flags", TcpFlags.format(flagMask)).word(TcpFlags.format(flagComp));
        }
    }

    /** Requires {@code -p tcp}, not inverted, as the kernel's tcp match does. */
    static void requireProtocol(OptionUse first, RuleContext ctx, Protocol p, String module)
            throws ExtensionException {
        if (!ctx.hasProtocol(p)) {
            throw ExtensionException.constraint(first, "match '" + module + "' needs '-p " + p.saveName()
                    + "' (without '!') before it takes effect", "add '-p " + p.saveName() + "' to the rule");
        }
    }

    private static final class Extension implements MatchExtension {
        private static final List<OptionSpec> OPTIONS = List.of(
                OptionSpec.arg("sport").inv().alias("source-port"),
                OptionSpec.arg("dport").inv().alias("destination-port"),
                OptionSpec.of("tcp-flags", 2).inv(),
                OptionSpec.flag("syn").inv(),
                OptionSpec.arg("tcp-option").inv());

        @Override
        public String name() {
            return "tcp";
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
            int mask = 0;
            int comp = 0;
            boolean fInv = false;
            int option = 0;
            boolean oInv = false;
            boolean flagsSeen = false;
            for (int k = 0, n = o.size(); k < n; k++) { // indexed: no iterator per rule
                OptionUse u = o.use(k);
                switch (u.name()) {
                    case "sport" -> {
                        sport = Values.portRange(u, u.arg(), "tcp");
                        sInv = u.inverted();
                    }
                    case "dport" -> {
                        dport = Values.portRange(u, u.arg(), "tcp");
                        dInv = u.inverted();
                    }
                    case "tcp-flags", "syn" -> {
                        if (flagsSeen) {
                            throw new ExtensionException(DiagnosticCode.DUPLICATE_OPTION,
                                    "only one of --tcp-flags and --syn may be given", u, false, null);
                        }
                        flagsSeen = true;
                        if (u.name().equals("syn")) {
                            mask = TcpFlags.FIN | TcpFlags.SYN | TcpFlags.RST | TcpFlags.ACK;
                            comp = TcpFlags.SYN;
                        } else {
                            mask = TcpFlags.parse(u, u.args().get(0));
                            comp = TcpFlags.parse(u, u.args().get(1));
                        }
                        fInv = u.inverted();
                    }
                    case "tcp-option" -> {
                        option = (int) Values.number(u, u.arg(), 1, 255);
                        oInv = u.inverted();
                    }
                    default -> throw new IllegalStateException(u.name());
                }
            }
            requireProtocol(o.all().isEmpty() ? null : o.all().get(0), ctx, Protocol.TCP, "tcp");
            if (o.isEmpty()) {
                return WITHOUT_OPTIONS; // "-p tcp -m tcp", as iptables-save prints kube-proxy's DNAT rules
            }
            return new TcpMatch(sport, sInv, dport, dInv, mask, comp, fInv, option, oInv);
        }
    }
}
