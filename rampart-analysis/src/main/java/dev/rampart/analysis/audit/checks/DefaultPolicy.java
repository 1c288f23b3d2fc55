package dev.rampart.analysis.audit.checks;

import dev.rampart.analysis.audit.AuditedRuleset;
import dev.rampart.analysis.audit.Finding;
import dev.rampart.analysis.audit.Severity;
import dev.rampart.model.Chain;
import dev.rampart.model.Policy;
import dev.rampart.model.TableName;
import java.util.List;
import java.util.Optional;

/**
 * RA101: a built-in chain of the filter table whose policy is ACCEPT and that does not end with an
 * unconditional DROP or REJECT (directly or through unconditional jumps): whatever no rule matches is
 * accepted. INPUT is high, FORWARD medium (left to {@link ForwardOpenNonRouter} when FORWARD has no
 * rules and there is no NAT), OUTPUT info (an open OUTPUT is the usual, documented choice). A ruleset
 * without a filter table accepts everything: reported on INPUT.
 */
public final class DefaultPolicy extends AbstractCheck {
    public DefaultPolicy() {
        super("RA101", "Default policy is not DROP", Severity.HIGH,
                "A default-deny firewall accepts only what a rule allows; with policy ACCEPT every service that "
                        + "starts listening, and every port nobody thought of, is reachable.");
    }

    @Override
    void check(AuditedRuleset r, List<Finding> out) {
        if (r.table(TableName.FILTER).isEmpty()) {
            out.add(Finding.of(this, "the IPv" + r.family().number() + " ruleset has no filter table: every "
                            + "packet to, through and from this host is accepted")
                    .rules(r.anchor())
                    .fix("*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n"
                            + "-A INPUT -i lo -j ACCEPT\n-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n"
                            + "-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\nCOMMIT")
                    .build());
            return;
        }
        for (String name : List.of("INPUT", "FORWARD", "OUTPUT")) {
            Optional<Chain> c = r.filter(name);
            if (c.isEmpty() || c.get().policy() != Policy.ACCEPT || r.facts().isRestrictive(TableName.FILTER, c.get())) {
                continue;
            }
            if (name.equals("FORWARD") && ForwardOpenNonRouter.applies(r)) {
                continue;
            }
            Severity s = switch (name) {
                case "INPUT" -> Severity.HIGH;
                case "FORWARD" -> Severity.MEDIUM;
                default -> Severity.INFO;
            };
            String what = switch (name) {
                case "INPUT" -> "every packet to this host that no rule drops is accepted";
                case "FORWARD" -> "every packet routed through this host that no rule drops is forwarded";
                default -> "every packet this host sends is allowed (usual; a strict OUTPUT policy stops "
                        + "exfiltration and reverse shells)";
            };
            int n = c.get().rules().size();
            out.add(Finding.of(this, "filter " + name + " has policy ACCEPT and " + (n == 0 ? "no rules"
                            : "its " + plural(n) + " do" + (n == 1 ? "es" : "") + " not end with an unconditional DROP or REJECT")
                            + ": " + what)
                    .severity(s)
                    .rules(r.policyRef(TableName.FILTER, c.get()))
                    .fix(r.command() + " -P " + name + " DROP"
                            + (name.equals("INPUT") ? "\n# first accept loopback, established traffic and your SSH "
                            + "session; check with 'rampart lockout-check'" : "")
                            + (name.equals("OUTPUT") ? "\n# then accept what the host needs, e.g.\n" + r.command()
                            + " -A OUTPUT -o lo -j ACCEPT\n" + r.command()
                            + " -A OUTPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n" + r.command()
                            + " -A OUTPUT -p udp -m udp --dport 53 -j ACCEPT" : ""))
                    .build());
        }
    }

    private static String plural(int n) {
        return n == 1 ? "rule" : n + " rules";
    }
}
