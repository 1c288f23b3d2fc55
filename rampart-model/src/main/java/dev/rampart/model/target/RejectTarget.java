package dev.rampart.model.target;

import dev.rampart.model.Family;
import dev.rampart.model.diag.Suggest;
import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.ext.TargetExtension;
import dev.rampart.model.net.Protocol;
import dev.rampart.model.write.SaveLine;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code -j REJECT --reject-with TYPE}: drop the packet and answer with an ICMP error or a TCP reset.
 * {@code with} is the canonical name iptables-save prints ({@code icmp-port-unreachable} by default for
 * IPv4, {@code icmp6-port-unreachable} for IPv6).
 */
public record RejectTarget(String with) implements Target {

    /** The IPv4 and IPv6 extensions that parse {@code -j REJECT}. */
    public static final TargetExtension EXTENSION = new Extension();

    private static final Map<String, String> V4 = new LinkedHashMap<>();
    private static final Map<String, String> V6 = new LinkedHashMap<>();

    static {
        for (String canonical : List.of("icmp-net-unreachable", "icmp-host-unreachable", "icmp-port-unreachable",
                "icmp-proto-unreachable", "icmp-net-prohibited", "icmp-host-prohibited", "icmp-admin-prohibited",
                "tcp-reset")) {
            V4.put(canonical, canonical);
        }
        V4.put("net-unreach", "icmp-net-unreachable");
        V4.put("host-unreach", "icmp-host-unreachable");
        V4.put("port-unreach", "icmp-port-unreachable");
        V4.put("proto-unreach", "icmp-proto-unreachable");
        V4.put("net-prohib", "icmp-net-prohibited");
        V4.put("host-prohib", "icmp-host-prohibited");
        V4.put("admin-prohib", "icmp-admin-prohibited");
        V4.put("tcp-rst", "tcp-reset");
        for (String canonical : List.of("icmp6-no-route", "icmp6-adm-prohibited", "icmp6-addr-unreachable",
                "icmp6-port-unreachable", "icmp6-policy-fail", "icmp6-reject-route", "tcp-reset")) {
            V6.put(canonical, canonical);
        }
        V6.put("no-route", "icmp6-no-route");
        V6.put("adm-prohibited", "icmp6-adm-prohibited");
        V6.put("addr-unreach", "icmp6-addr-unreachable");
        V6.put("port-unreach", "icmp6-port-unreachable");
        V6.put("policy-fail", "icmp6-policy-fail");
        V6.put("reject-route", "icmp6-reject-route");
        V6.put("tcp-rst", "tcp-reset");
    }

    @Override
    public String name() {
        return "REJECT";
    }

    @Override
    public void writeOptions(SaveLine out) {
        out.option("reject-with", with);
    }

    @Override
    public boolean isTerminal() {
        return true;
    }

    private static final class Extension implements TargetExtension {
        private static final List<OptionSpec> OPTIONS = List.of(OptionSpec.arg("reject-with"));

        @Override
        public String name() {
            return "REJECT";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Target build(Options o, RuleContext ctx) throws ExtensionException {
            Map<String, String> table = ctx.family() == Family.IPV4 ? V4 : V6;
            OptionUse u = o.get("reject-with");
            if (u == null) {
                checkPlace(ctx);
                return new RejectTarget(ctx.family() == Family.IPV4 ? "icmp-port-unreachable" : "icmp6-port-unreachable");
            }
            String canonical = table.get(u.arg());
            if (canonical == null) {
                throw ExtensionException.badValue(u, "unknown reject type '" + u.arg() + "'",
                        Suggest.didYouMean(u.arg(), table.keySet()));
            }
            if (canonical.equals("tcp-reset") && !ctx.hasProtocol(Protocol.TCP)) {
                throw ExtensionException.constraint(u, "--reject-with tcp-reset needs '-p tcp' in the rule",
                        "add '-p tcp', or reject other protocols with an ICMP type");
            }
            checkPlace(ctx);
            return new RejectTarget(canonical);
        }

        /** The kernel's REJECT is registered for table filter, hooks INPUT, FORWARD and OUTPUT. */
        private static void checkPlace(RuleContext ctx) throws ExtensionException {
            TargetSupport.requireTable(ctx, "REJECT", dev.rampart.model.TableName.FILTER);
            TargetSupport.requireChains(ctx, "REJECT", "INPUT", "FORWARD", "OUTPUT");
        }
    }
}
