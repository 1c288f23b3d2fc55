package dev.rampart.policy.emit;

import dev.rampart.model.Family;
import dev.rampart.model.Ruleset;
import dev.rampart.model.TableName;
import dev.rampart.model.diag.Diagnostic;
import dev.rampart.model.net.PortRange;
import dev.rampart.model.parse.RestoreParser;
import dev.rampart.model.write.CanonicalWriter;
import dev.rampart.policy.HostPolicy.AddressSet;
import dev.rampart.policy.ir.Action;
import dev.rampart.policy.ir.FwRule;
import dev.rampart.policy.ir.ProgramChain;
import dev.rampart.policy.ir.RuleProgram;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Emits a {@link RuleProgram} as an iptables-restore file. The program is first written as restore text,
 * then read with the project's {@link RestoreParser} into the {@link Ruleset} model (which validates every
 * option exactly as for user input) and printed with {@link CanonicalWriter}: the result is what
 * {@code iptables-save} prints after loading it, byte for byte.
 */
public final class IptablesEmitter {

    /** The program as a model ruleset. Throws IllegalStateException if the compiler produced an invalid rule. */
    public Ruleset ruleset(RuleProgram program) {
        String text = restoreText(program);
        Set<String> sets = new LinkedHashSet<>();
        for (AddressSet s : program.sets()) {
            sets.add(RuleProgram.setName(s.name(), program.family()));
        }
        RestoreParser.Result r = new RestoreParser(program.family()).withKnownIpSets(sets)
                .parse(text, "<compiled " + (program.family() == Family.IPV4 ? "rules.v4" : "rules.v6") + ">");
        for (Diagnostic d : r.diagnostics().all()) {
            if (d.isError()) {
                throw new IllegalStateException("compiler produced an invalid rule: " + d.headline() + "\n" + d.sourceLine());
            }
        }
        return r.ruleset();
    }

    /** The canonical iptables-save text of the program. */
    public String emit(RuleProgram program) {
        return new CanonicalWriter(false).write(ruleset(program));
    }

    /** The program as iptables-restore input (not yet canonical). */
    static String restoreText(RuleProgram program) {
        StringBuilder sb = new StringBuilder(4096);
        for (TableName table : List.of(TableName.FILTER, TableName.NAT)) {
            List<ProgramChain> chains = program.chains().stream().filter(c -> c.table() == table).toList();
            if (chains.isEmpty()) {
                continue;
            }
            sb.append('*').append(table.id()).append('\n');
            for (ProgramChain c : chains) {
                sb.append(':').append(c.name()).append(' ').append(c.policy() == null ? "-" : c.policy().name())
                        .append(" [0:0]\n");
            }
            for (ProgramChain c : chains) {
                for (FwRule r : c.rules()) {
                    sb.append("-A ").append(c.name());
                    rule(sb, r, program.family());
                    sb.append('\n');
                }
            }
            sb.append("COMMIT\n");
        }
        return sb.toString();
    }

    private static void rule(StringBuilder sb, FwRule r, Family f) {
        if (r.srcPrefix() != null) {
            sb.append(" -s ").append(r.srcPrefix());
        }
        if (r.dst() != null) {
            sb.append(" -d ").append(r.dst());
        }
        if (r.in() != null) {
            sb.append(r.inNegated() ? " ! -i " : " -i ").append(r.in());
        }
        if (r.out() != null) {
            sb.append(" -o ").append(r.out());
        }
        if (r.proto() != null) {
            sb.append(" -p ").append(r.proto().iptables());
        }
        if (r.fragment()) {
            sb.append(" -f");
        }
        sb.append(" -m comment --comment \"").append(r.comment().replace('"', '\'')).append('"');
        if (r.proto() == FwRule.Proto.TCP || r.proto() == FwRule.Proto.UDP) {
            boolean multi = r.dports().size() > 1;
            boolean flags = r.tcpFlags() != null;
            if (!multi && (!r.dports().isEmpty() || flags)) {
                sb.append(" -m ").append(r.proto().iptables());
                if (!r.dports().isEmpty()) {
                    sb.append(" --dport ").append(ports(r.dports().get(0)));
                }
                flags(sb, r);
            } else if (multi) {
                sb.append(" -m multiport --dports ");
                for (int i = 0; i < r.dports().size(); i++) {
                    sb.append(i == 0 ? "" : ",").append(ports(r.dports().get(i)));
                }
                if (flags) {
                    sb.append(" -m tcp");
                    flags(sb, r);
                }
            }
        }
        if (r.icmpType() != null) {
            if (f == Family.IPV4) {
                sb.append(" -m icmp --icmp-type ").append(r.icmpType());
            } else {
                sb.append(" -m icmp6 --icmpv6-type ").append(r.icmpType());
            }
            if (r.icmpCode() != null) {
                sb.append('/').append(r.icmpCode());
            }
        }
        if (r.dstLocal()) {
            sb.append(" -m addrtype --dst-type LOCAL");
        }
        if (r.hopLimit255()) {
            sb.append(" -m hl --hl-eq 255");
        }
        if (r.srcSet() != null) {
            sb.append(" -m set --match-set ").append(r.srcSet()).append(" src");
        }
        if (!r.ctStates().isEmpty()) {
            sb.append(" -m conntrack --ctstate ").append(String.join(",", ordered(r.ctStates())));
        }
        if (r.recent() != null) {
            FwRule.Recent rc = r.recent();
            if (rc.set()) {
                sb.append(" -m recent --set --name ").append(rc.name()).append(" --rsource");
            } else {
                sb.append(" -m recent --rcheck --seconds ").append(rc.seconds()).append(" --hitcount ").append(rc.hitcount())
                        .append(" --name ").append(rc.name()).append(" --rsource");
            }
        }
        if (r.hashlimit() != null) {
            FwRule.HashLimit h = r.hashlimit();
            sb.append(" -m hashlimit ").append(h.above() ? "--hashlimit-above " : "--hashlimit-upto ")
                    .append(h.rate().text()).append(" --hashlimit-burst ").append(h.rate().burst())
                    .append(" --hashlimit-mode srcip --hashlimit-name ").append(h.name());
        }
        if (r.limit() != null) {
            sb.append(" -m limit --limit ").append(r.limit().text()).append(" --limit-burst ").append(r.limit().burst());
        }
        if (r.nth() != null) {
            sb.append(" -m statistic --mode nth --every ").append(r.nth().every()).append(" --packet 0");
        }
        target(sb, r.action(), f);
    }

    private static void flags(StringBuilder sb, FwRule r) {
        if (r.tcpFlags() == null) {
            return;
        }
        switch (r.tcpFlags()) {
            case NULL -> sb.append(" --tcp-flags FIN,SYN,RST,PSH,ACK,URG NONE");
            case XMAS -> sb.append(" --tcp-flags FIN,SYN,RST,PSH,ACK,URG FIN,PSH,URG");
            case NOT_SYN -> sb.append(" ! --tcp-flags FIN,SYN,RST,ACK SYN");
        }
    }

    /** Conntrack states in iptables-save's order. */
    static List<String> ordered(Set<String> states) {
        return List.of("INVALID", "NEW", "RELATED", "ESTABLISHED", "SNAT", "DNAT").stream().filter(states::contains).toList();
    }

    private static String ports(PortRange p) {
        return p.from() == p.to() ? Integer.toString(p.from()) : p.from() + ":" + p.to();
    }

    private static void target(StringBuilder sb, Action a, Family f) {
        if (a instanceof Action.Accept) {
            sb.append(" -j ACCEPT");
        } else if (a instanceof Action.Drop) {
            sb.append(" -j DROP");
        } else if (a instanceof Action.Return) {
            sb.append(" -j RETURN");
        } else if (a instanceof Action.Reject rj) {
            sb.append(" -j REJECT --reject-with ").append(rj.tcpReset() ? "tcp-reset"
                    : f == Family.IPV4 ? "icmp-port-unreachable" : "icmp6-port-unreachable");
        } else if (a instanceof Action.Log log) {
            sb.append(" -j LOG --log-prefix \"").append(log.prefix()).append("\" --log-level ").append(log.level());
        } else if (a instanceof Action.Jump j) {
            sb.append(" -j ").append(j.chain());
        } else if (a instanceof Action.Dnat d) {
            sb.append(" -j DNAT --to-destination ");
            String addr = d.address().toString();
            if (d.port() == null) {
                sb.append(addr);
            } else {
                sb.append(f == Family.IPV6 ? "[" + addr + "]" : addr).append(':').append(d.port());
            }
        } else if (a instanceof Action.Masquerade) {
            sb.append(" -j MASQUERADE");
        }
        // Action.None: no target, the rule only matches (recent --set)
    }
}
