package dev.rampart.analysis.audit.checks;

import dev.rampart.analysis.audit.AuditedRuleset;
import dev.rampart.analysis.audit.Finding;
import dev.rampart.analysis.audit.RuleFacts;
import dev.rampart.analysis.audit.Severity;
import dev.rampart.model.Chain;
import dev.rampart.model.Family;
import dev.rampart.model.Rule;
import dev.rampart.model.TableName;
import java.util.List;

/**
 * RA117: a rule on filter INPUT's traversal accepts ICMP echo requests (type 8, or ICMPv6 128; a rule
 * accepting all ICMP included) from any source without {@code -m limit} or {@code -m hashlimit}. Rules
 * in user chains count only when the chain is entered from INPUT by unconditional jumps (otherwise the
 * jump restricts them).
 */
public final class EchoUnlimited extends AbstractCheck {
    public EchoUnlimited() {
        super("RA117", "Echo request accepted without a rate limit", Severity.LOW,
                "Answering ping helps monitoring, but every echo request costs a reply: without a limit the host "
                        + "can be used in ping floods and answers sweeps at full speed. The seeds: 'allow limited ICMP "
                        + "echo requests', '-m limit --limit 1/second'.");
    }

    @Override
    void check(AuditedRuleset r, List<Finding> out) {
        int echo = r.family() == Family.IPV4 ? 8 : 128;
        for (String name : r.facts().reachable(TableName.FILTER, "INPUT")) {
            Chain c = r.filter(name).orElse(null);
            if (c == null || !r.facts().enteredUnconditionally(TableName.FILTER, c, "INPUT")) {
                continue; // a chain entered only for some sources restricts its rules to them
            }
            for (int i = 1; i <= c.rules().size(); i++) {
                Rule rule = c.rules().get(i - 1);
                if (!RuleFacts.isAccept(rule) || !IcmpRules.isIcmpProtocol(rule, r.family())
                        || !IcmpRules.onlyIcmpTests(rule, true) || RuleFacts.hasRateLimit(rule)
                        || !IcmpRules.admitsType(rule, t -> t == echo)) {
                    continue;
                }
                String text = spec(c, i);
                String fix;
                if (text.contains("-type ")) {
                    int j = text.lastIndexOf(" -j ACCEPT");
                    fix = r.command() + " -R " + c.name() + " " + i + " " + text.substring(0, j)
                            + " -m limit --limit 1/sec --limit-burst 5" + text.substring(j);
                } else {
                    String icmp = r.family() == Family.IPV4 ? "-p icmp -m icmp --icmp-type"
                            : "-p ipv6-icmp -m icmp6 --icmpv6-type";
                    fix = "# limit echo requests, keep accepting the other types\n"
                            + r.command() + " -R " + c.name() + " " + i + " " + icmp + " " + echo
                            + " -m limit --limit 1/sec --limit-burst 5 -j ACCEPT\n"
                            + r.command() + " -I " + c.name() + " " + (i + 1) + " " + icmp.replace("--icmp", "! --icmp")
                            + " " + echo + " -j ACCEPT";
                }
                out.add(Finding.of(this, describe(TableName.FILTER, c, i) + " accepts ICMP echo requests from anywhere "
                                + "without a rate limit")
                        .rules(r.ref(TableName.FILTER, c, i))
                        .fix(fix)
                        .build());
            }
        }
    }
}
