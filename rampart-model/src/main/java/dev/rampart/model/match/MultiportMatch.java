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
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * {@code -m multiport [!] --sports|--dports|--ports LIST}: the source port, the destination port or
 * either of them lies in one of {@code ports} (single ports and ranges). The kernel holds at most
 * {@value #MAX_SLOTS} slots, a range taking two; the rule needs {@code -p tcp|udp|udplite|sctp|dccp}.
 */
public record MultiportMatch(Which which, List<PortRange> ports, boolean inverted) implements Match {

    /** Port slots of {@code xt_multiport_v1}; a range uses two. */
    public static final int MAX_SLOTS = 15;

    /** The extension that parses {@code -m multiport}. */
    public static final MatchExtension EXTENSION = new Extension();

    /** Which port of the packet is tested. */
    public enum Which {
        SOURCE("sports"), DESTINATION("dports"), EITHER("ports");

        private final String option;

        Which(String option) {
            this.option = option;
        }

        /** The option name iptables-save prints. */
        public String option() {
            return option;
        }
    }

    public MultiportMatch {
        ports = List.copyOf(ports);
    }

    @Override
    public String module() {
        return "multiport";
    }

    @Override
    public void writeOptions(SaveLine out) {
        StringJoiner j = new StringJoiner(",");
        ports.forEach(p -> j.add(p.toString()));
        out.option(inverted, which.option(), j.toString());
    }

    private static final class Extension implements MatchExtension {
        private static final List<OptionSpec> OPTIONS = List.of(
                OptionSpec.arg("sports").inv().alias("source-ports"),
                OptionSpec.arg("dports").inv().alias("destination-ports"),
                OptionSpec.arg("ports").inv());

        @Override
        public String name() {
            return "multiport";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Match build(Options o, RuleContext ctx) throws ExtensionException {
            if (o.isEmpty()) {
                throw MatchArgs.required("multiport", "one of --sports, --dports or --ports");
            }
            if (o.all().size() > 1) {
                throw ExtensionException.constraint(o.all().get(1),
                        "match 'multiport' takes only one of --sports, --dports and --ports",
                        "use a second '-m multiport' for the other port");
            }
            OptionUse u = o.all().get(0);
            String proto = protoName(ctx);
            if (proto == null) {
                throw ExtensionException.constraint(u, "match 'multiport' needs '-p tcp', '-p udp', '-p udplite', "
                        + "'-p sctp' or '-p dccp' (without '!') before it", "add e.g. '-p tcp' to the rule");
            }
            List<PortRange> ports = new ArrayList<>();
            int slots = 0;
            for (String item : u.arg().split(",", -1)) {
                int colon = item.indexOf(':');
                if (colon < 0) {
                    ports.add(PortRange.of(Values.port(u, item, proto)));
                    slots++;
                } else {
                    int a = Values.port(u, item.substring(0, colon), proto);
                    int b = Values.port(u, item.substring(colon + 1), proto);
                    if (a >= b) {
                        throw ExtensionException.badValue(u, "invalid port range '" + item
                                + "': the start must be less than the end", a == b ? "write the single port " + a
                                : "write the range as " + b + ":" + a);
                    }
                    ports.add(new PortRange(a, b));
                    slots += 2;
                }
                if (slots > MAX_SLOTS) {
                    throw ExtensionException.badValue(u, "too many ports: multiport holds at most " + MAX_SLOTS
                            + " ports, a range counting as two", "split the list over several rules");
                }
            }
            Which which = switch (u.name()) {
                case "sports" -> Which.SOURCE;
                case "dports" -> Which.DESTINATION;
                default -> Which.EITHER;
            };
            return new MultiportMatch(which, ports, u.inverted());
        }

        private static String protoName(RuleContext ctx) {
            if (ctx.protocol() == null || ctx.protocolInverted()) {
                return null;
            }
            Protocol p = ctx.protocol();
            if (p.equals(Protocol.TCP)) {
                return "tcp";
            } else if (p.equals(Protocol.UDP)) {
                return "udp";
            } else if (p.equals(Protocol.UDPLITE)) {
                return "udplite";
            } else if (p.equals(Protocol.SCTP)) {
                return "sctp";
            } else if (p.equals(Protocol.DCCP)) {
                return "dccp";
            }
            return null;
        }
    }
}
