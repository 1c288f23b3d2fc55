package dev.rampart.analysis.audit.checks;

import dev.rampart.analysis.audit.AuditedRuleset;
import dev.rampart.analysis.audit.Finding;
import dev.rampart.analysis.audit.RuleFacts;
import dev.rampart.analysis.audit.RuleRef;
import dev.rampart.model.write.SaveLine;
import dev.rampart.analysis.audit.Severity;
import dev.rampart.model.Chain;
import dev.rampart.model.Rule;
import dev.rampart.model.TableName;
import dev.rampart.model.net.PortRange;
import dev.rampart.model.match.Match;
import dev.rampart.model.match.TcpMatch;
import dev.rampart.model.match.UdpMatch;
import dev.rampart.model.target.DnatTarget;
import dev.rampart.model.target.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * RA113: Docker's chains are present (filter {@code DOCKER}), filter INPUT filters (policy DROP or a DROP
 * or REJECT rule), and {@code DOCKER-USER} is missing or does nothing (empty, or only unconditional
 * RETURNs). The published ports are read from the DNAT rules of the nat {@code DOCKER} chain.
 */
public final class DockerUserEmpty extends AbstractCheck {
    public DockerUserEmpty() {
        super("RA113", "Docker published ports filtered only in INPUT", Severity.HIGH,
                "Docker publishes container ports with DNAT in nat PREROUTING; the packets are then forwarded to the "
                        + "container and pass filter FORWARD, never INPUT. INPUT rules that seem to close a port do not "
                        + "apply to published ports; Docker's documented place for such rules is the DOCKER-USER chain.");
    }

    @Override
    void check(AuditedRuleset r, List<Finding> out) {
        Optional<Chain> docker = r.filter("DOCKER");
        Optional<Chain> input = r.filter("INPUT");
        if (docker.isEmpty() || input.isEmpty()) {
            return;
        }
        boolean inputFilters = input.get().policy() == dev.rampart.model.Policy.DROP
                || input.get().rules().stream().anyMatch(RuleFacts::isDropOrReject);
        if (!inputFilters) {
            return;
        }
        Optional<Chain> user = r.filter("DOCKER-USER");
        if (user.isPresent() && !user.get().rules().stream()
                .allMatch(rule -> RuleFacts.isUnconditional(rule) && rule.target() == Verdict.RETURN)) {
            return;
        }
        List<String> published = new ArrayList<>();
        Set<String> bridges = new LinkedHashSet<>();
        r.chain(TableName.NAT, "DOCKER").ifPresent(c -> {
            for (Rule rule : c.rules()) {
                if (rule.target() instanceof DnatTarget d) {
                    String proto = rule.header().protocol() == null ? "all" : rule.header().protocol().toString();
                    String port = dport(rule);
                    published.add(proto + (port == null ? "" : " " + port) + " -> " + nat(d));
                    if (rule.header().inInterface() != null && rule.header().inInverted()) {
                        bridges.add(rule.header().inInterface());
                    }
                }
            }
        });
        String bridge = bridges.isEmpty() ? "docker0" : bridges.iterator().next();
        String x = r.command();
        StringBuilder fix = new StringBuilder();
        fix.append(x).append(" -I DOCKER-USER 1 -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN\n");
        fix.append("# one RETURN per published port that should stay public, e.g.\n");
        fix.append(x).append(" -I DOCKER-USER 2 ! -i ").append(bridge)
                .append(" -p tcp -m conntrack --ctorigdstport 443 -j RETURN\n");
        fix.append(x).append(" -I DOCKER-USER 3 ! -i ").append(bridge).append(" -j DROP"); // before any final RETURN
        Finding.Builder f = Finding.of(this, "Docker's chains are present and filter INPUT filters ("
                        + (input.get().policy() == dev.rampart.model.Policy.DROP ? "policy DROP" : "DROP rules")
                        + "), but DOCKER-USER is " + (user.isEmpty() ? "missing" : "empty") + ": published container "
                        + "ports are forwarded past INPUT and reachable from anywhere"
                        + (published.isEmpty() ? "" : " (published: " + String.join(", ", published) + ")"))
                .fix(fix.toString());
        Chain anchor = user.orElse(docker.get());
        f.rules(new RuleRef(r.source(), r.family(), TableName.FILTER, anchor.name(), 0, anchor.pos().line()));
        out.add(f.build());
    }

    private static String nat(DnatTarget d) {
        SaveLine line = new SaveLine();
        d.writeOptions(line);
        return line.toString().replace("--to-destination", "").strip();
    }

    private static String dport(Rule rule) {
        for (Match m : rule.matches()) {
            PortRange p = m instanceof TcpMatch t ? t.dport() : m instanceof UdpMatch u ? u.dport() : null;
            if (p != null && !p.isAll()) {
                return p.toString();
            }
        }
        return null;
    }
}
