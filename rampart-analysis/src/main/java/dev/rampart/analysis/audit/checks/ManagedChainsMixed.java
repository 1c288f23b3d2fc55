package dev.rampart.analysis.audit.checks;

import dev.rampart.analysis.audit.AuditedRuleset;
import dev.rampart.analysis.audit.Finding;
import dev.rampart.analysis.audit.RuleFacts;
import dev.rampart.analysis.audit.RuleRef;
import dev.rampart.analysis.audit.Severity;
import dev.rampart.model.Chain;
import dev.rampart.model.Rule;
import dev.rampart.model.RuleHeader;
import dev.rampart.model.Table;
import dev.rampart.model.TableName;
import dev.rampart.model.match.CtState;
import dev.rampart.model.target.RejectTarget;
import dev.rampart.model.target.Verdict;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * RA114: the filter table holds the chains of a firewall manager — ufw ({@code ufw-*}, {@code ufw6-*})
 * or firewalld ({@code INPUT_direct}, {@code INPUT_ZONES}, {@code FWDI_*}, {@code IN_public*}, ...) — and
 * its built-in chains also hold rules the manager does not write. A manager's own rules are jumps to its
 * chains (and, for firewalld, its fixed loopback, ESTABLISHED, INVALID and final REJECT rules); jumps to
 * chains of other tools that coexist with managers (Docker, Kubernetes, fail2ban, libvirt) are not
 * counted as hand-written. One finding per built-in chain.
 */
public final class ManagedChainsMixed extends AbstractCheck {
    /** Chain prefixes of tools that insert their own jumps next to a manager's. */
    private static final List<String> OTHER_TOOLS = List.of("DOCKER", "KUBE-", "f2b-", "fail2ban-", "LIBVIRT_",
            "CNI-", "cali-", "FLANNEL", "sshguard");

    public ManagedChainsMixed() {
        super("RA114", "Firewall manager chains mixed with hand-written rules", Severity.LOW,
                "ufw and firewalld own the built-in chains: they rewrite them on reload, at boot and on every "
                        + "configuration change. Rules added by hand with iptables next to them disappear at the next "
                        + "reload, or end up in an order nobody chose, and the manager's own view ('ufw status', "
                        + "'firewall-cmd --list-all') does not show them.");
    }

    private enum Manager { UFW, FIREWALLD }

    @Override
    void check(AuditedRuleset r, List<Finding> out) {
        Optional<Table> filter = r.table(TableName.FILTER);
        if (filter.isEmpty()) {
            return;
        }
        Manager manager = null;
        for (Chain c : filter.get().chains()) {
            if (isUfw(c.name())) {
                manager = Manager.UFW;
                break;
            }
            if (isFirewalld(c.name())) {
                manager = Manager.FIREWALLD;
            }
        }
        if (manager == null) {
            return;
        }
        for (Chain c : filter.get().chains()) {
            if (!c.builtin()) {
                continue;
            }
            List<Integer> hand = new ArrayList<>();
            for (int i = 1; i <= c.rules().size(); i++) {
                if (!managerOwned(c.rules().get(i - 1), manager)) {
                    hand.add(i);
                }
            }
            if (hand.isEmpty()) {
                continue;
            }
            List<RuleRef> refs = new ArrayList<>();
            StringBuilder fix = new StringBuilder();
            String name = manager == Manager.UFW ? "ufw" : "firewalld";
            fix.append(manager == Manager.UFW
                    ? "# move them into /etc/ufw/" + (r.family().number() == 4 ? "before.rules" : "before6.rules")
                    + " (they then survive 'ufw reload'):\n"
                    : "# hand them to firewalld as direct rules (they then survive 'firewall-cmd --reload'):\n");
            for (int n : hand) {
                refs.add(r.ref(TableName.FILTER, c, n));
                String spec = spec(c, n);
                if (manager == Manager.UFW) {
                    String target = (r.family().number() == 4 ? "ufw-before-" : "ufw6-before-")
                            + c.name().toLowerCase(java.util.Locale.ROOT);
                    fix.append("-A ").append(target).append(' ').append(spec).append('\n');
                } else {
                    fix.append("firewall-cmd --permanent --direct --add-rule ipv").append(r.family().number())
                            .append(" filter ").append(c.name()).append(" 0 ").append(spec).append('\n');
                }
            }
            fix.append("# and delete them from ").append(c.name()).append(" (highest number first): ");
            for (int k = hand.size() - 1; k >= 0; k--) {
                fix.append(k == hand.size() - 1 ? "" : "; ").append(r.command()).append(" -D ").append(c.name())
                        .append(' ').append(hand.get(k));
            }
            out.add(Finding.of(this, "filter " + c.name() + " holds " + hand.size() + " rule"
                            + (hand.size() == 1 ? "" : "s") + " that " + name + " does not write (rule"
                            + (hand.size() == 1 ? " " : "s ") + numbers(hand, 10) + ", first: "
                            + AuditedRuleset.text(c, hand.get(0)) + ") next to " + name + "'s chains: they are lost or "
                            + "reordered when " + name + " reloads")
                    .rules(refs)
                    .fix(fix.toString().strip())
                    .build());
        }
    }

    static boolean isUfw(String chain) {
        return chain.startsWith("ufw-") || chain.startsWith("ufw6-");
    }

    static boolean isFirewalld(String chain) {
        return chain.endsWith("_direct") || chain.startsWith("INPUT_ZONES") || chain.startsWith("FORWARD_IN_ZONES")
                || chain.startsWith("FORWARD_OUT_ZONES") || chain.startsWith("FWDI_") || chain.startsWith("FWDO_")
                || chain.startsWith("IN_public") || chain.startsWith("OUTPUT_ZONES");
    }

    private static boolean managerOwned(Rule rule, Manager manager) {
        String callee = RuleFacts.callee(rule);
        if (callee != null) {
            if (manager == Manager.UFW ? isUfw(callee) : isFirewalld(callee)) {
                return true;
            }
            for (String p : OTHER_TOOLS) {
                if (callee.startsWith(p)) {
                    return true;
                }
            }
            return false;
        }
        if (manager == Manager.UFW) {
            return false;
        }
        // firewalld's fixed rules in the built-in chains
        RuleHeader h = rule.header();
        boolean loopback = ("lo".equals(h.inInterface()) || "lo".equals(h.outInterface())) && h.protocol() == null
                && h.source() == null && h.destination() == null && rule.matches().isEmpty();
        if (loopback && rule.target() == Verdict.ACCEPT) {
            return true;
        }
        if (rule.target() == Verdict.ACCEPT
                && RuleFacts.testsOnlyStates(rule, EnumSet.of(CtState.ESTABLISHED, CtState.RELATED))) {
            return true;
        }
        if (rule.target() == Verdict.DROP && RuleFacts.matchesOnlyInvalid(rule) && RuleFacts.headerMatchesAll(h)) {
            return true;
        }
        return rule.target() instanceof RejectTarget rej && RuleFacts.isUnconditional(rule)
                && (rej.with() == null || rej.with().contains("prohibited"));
    }
}
