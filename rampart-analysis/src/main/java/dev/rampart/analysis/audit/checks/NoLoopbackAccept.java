package dev.rampart.analysis.audit.checks;

import dev.rampart.analysis.audit.AuditedRuleset;
import dev.rampart.analysis.audit.Finding;
import dev.rampart.analysis.audit.RuleFacts;
import dev.rampart.analysis.audit.Severity;
import dev.rampart.model.Chain;
import dev.rampart.model.Rule;
import dev.rampart.model.TableName;
import java.util.List;
import java.util.Optional;

/**
 * RA102: filter INPUT drops what no rule accepts, and no rule on INPUT's traversal accepts packets
 * arriving on the loopback device ({@code -i lo -j ACCEPT}, or an unconditional ACCEPT).
 */
public final class NoLoopbackAccept extends AbstractCheck {
    public NoLoopbackAccept() {
        super("RA102", "Loopback traffic not accepted", Severity.MEDIUM,
                "Local services talk to each other over the loopback device (databases, caches, DNS resolvers on "
                        + "127.0.0.53, X11, D-Bus over TCP); a default-deny INPUT without '-i lo -j ACCEPT' breaks them "
                        + "in ways that are hard to trace.");
    }

    /** Whether the rule accepts packets that arrive on {@code lo} (and not only some of them by port or address). */
    static boolean acceptsLoopback(Rule r) {
        if (!RuleFacts.isAccept(r)) {
            return false;
        }
        if (RuleFacts.isUnconditional(r)) {
            return true;
        }
        var h = r.header();
        return "lo".equals(h.inInterface()) && !h.inInverted() && h.destination() == null && h.protocol() == null
                && r.matches().stream().allMatch(m -> m instanceof dev.rampart.model.match.CommentMatch);
    }

    @Override
    void check(AuditedRuleset r, List<Finding> out) {
        Optional<Chain> input = r.filter("INPUT");
        if (input.isEmpty() || !r.facts().isRestrictive(TableName.FILTER, input.get())) {
            return;
        }
        if (r.facts().firstOnTraversal(TableName.FILTER, input.get(), NoLoopbackAccept::acceptsLoopback).isPresent()) {
            return;
        }
        out.add(Finding.of(this, "filter INPUT drops by default but no rule accepts traffic on the loopback "
                        + "device: local services connecting to each other (127.0.0.1, ::1, the host's own addresses) "
                        + "are dropped")
                .rules(r.policyRef(TableName.FILTER, input.get()))
                .fix(r.command() + " -I INPUT 1 -i lo -j ACCEPT")
                .build());
    }
}
