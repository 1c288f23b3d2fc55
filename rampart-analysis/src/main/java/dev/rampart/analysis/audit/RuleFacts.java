package dev.rampart.analysis.audit;

import dev.rampart.model.Fragment;
import dev.rampart.model.Rule;
import dev.rampart.model.RuleHeader;
import dev.rampart.model.match.CommentMatch;
import dev.rampart.model.match.ConntrackMatch;
import dev.rampart.model.match.CtState;
import dev.rampart.model.match.HashlimitMatch;
import dev.rampart.model.match.LimitMatch;
import dev.rampart.model.match.Match;
import dev.rampart.model.match.StateMatch;
import dev.rampart.model.target.Goto;
import dev.rampart.model.target.Jump;
import dev.rampart.model.target.LogTarget;
import dev.rampart.model.target.NflogTarget;
import dev.rampart.model.target.RejectTarget;
import dev.rampart.model.target.Target;
import dev.rampart.model.target.Verdict;
import java.util.EnumSet;
import java.util.Set;

/** Structural predicates on single rules, shared by the checks. Stateless. */
public final class RuleFacts {
    private RuleFacts() {
    }

    /** Whether the header tests nothing: any address, interface, protocol and fragment. */
    public static boolean headerMatchesAll(RuleHeader h) {
        return h.source() == null && h.destination() == null && h.inInterface() == null
                && h.outInterface() == null && (h.protocol() == null || (h.protocol().isAll() && !h.protocolInverted()))
                && h.fragment() == Fragment.ANY && !h.sourceInverted() && !h.destinationInverted()
                && !h.inInverted() && !h.outInverted();
    }

    /** Whether the rule matches every packet: nothing in the header and no match but comments. */
    public static boolean isUnconditional(Rule r) {
        if (!headerMatchesAll(r.header())) {
            return false;
        }
        for (Match m : r.matches()) {
            if (!(m instanceof CommentMatch)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the target is ACCEPT. */
    public static boolean isAccept(Rule r) {
        return r.target() == Verdict.ACCEPT;
    }

    /** Whether the target drops the packet: DROP or REJECT. */
    public static boolean isDropOrReject(Rule r) {
        return r.target() == Verdict.DROP || r.target() instanceof RejectTarget;
    }

    /** Whether the target logs: LOG or NFLOG (the packet goes on). */
    public static boolean isLog(Rule r) {
        return r.target() instanceof LogTarget || r.target() instanceof NflogTarget;
    }

    /** The user chain the rule jumps or goes to, or null. */
    public static String callee(Rule r) {
        Target t = r.target();
        if (t instanceof Jump j) {
            return j.chain();
        }
        if (t instanceof Goto g) {
            return g.chain();
        }
        return null;
    }

    /**
     * The conntrack states the rule restricts packets to ({@code -m state --state} or
     * {@code -m conntrack --ctstate}, inversions applied), or null when it does not test the state.
     */
    public static Set<CtState> states(Rule r) {
        Set<CtState> result = null;
        for (Match m : r.matches()) {
            Set<CtState> s = null;
            boolean inverted = false;
            if (m instanceof StateMatch sm) {
                s = sm.states();
                inverted = sm.inverted();
            } else if (m instanceof ConntrackMatch cm && cm.state() != null) {
                s = cm.state().value();
                inverted = cm.state().inverted();
            }
            if (s == null) {
                continue;
            }
            EnumSet<CtState> these = s.isEmpty() ? EnumSet.noneOf(CtState.class) : EnumSet.copyOf(s);
            if (inverted) {
                these = EnumSet.complementOf(these);
            }
            if (result == null) {
                result = these;
            } else {
                result.retainAll(these);
            }
        }
        return result;
    }

    /** Whether the rule's only tests are conntrack states including all of {@code wanted} (and comments). */
    public static boolean testsOnlyStates(Rule r, Set<CtState> wanted) {
        if (!headerMatchesAll(r.header())) {
            return false;
        }
        for (Match m : r.matches()) {
            if (!(m instanceof CommentMatch || m instanceof StateMatch
                    || (m instanceof ConntrackMatch cm && cm.state() != null && onlyState(cm)))) {
                return false;
            }
        }
        Set<CtState> s = states(r);
        return s != null && s.containsAll(wanted);
    }

    private static boolean onlyState(ConntrackMatch cm) {
        return cm.protocol() == null && cm.origSrc() == null && cm.origDst() == null && cm.replSrc() == null
                && cm.replDst() == null && cm.origSrcPort() == null && cm.origDstPort() == null
                && cm.replSrcPort() == null && cm.replDstPort() == null && cm.status() == null
                && cm.expire() == null && cm.direction() == null;
    }

    /** Whether the rule matches only packets of state INVALID (a state test that admits INVALID and nothing else). */
    public static boolean matchesOnlyInvalid(Rule r) {
        Set<CtState> s = states(r);
        return s != null && s.equals(EnumSet.of(CtState.INVALID));
    }

    /**
     * Whether the rule is rate-limited: {@code -m limit}, or {@code -m hashlimit} in its "up to" mode
     * (with {@code --hashlimit-above} the rule matches the excess, which is not a bound).
     */
    public static boolean hasRateLimit(Rule r) {
        for (Match m : r.matches()) {
            if (m instanceof LimitMatch || (m instanceof HashlimitMatch h && !h.above())) {
                return true;
            }
        }
        return false;
    }
}
