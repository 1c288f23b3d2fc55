package dev.rampart.model;

import dev.rampart.model.match.Match;
import dev.rampart.model.target.Target;
import java.util.List;

/**
 * One rule of a chain: header, matches in the order written, an optional target (null: the rule only
 * counts), counters (null when the input gave none) and where it was read.
 */
public record Rule(RuleHeader header, List<Match> matches, Target target, Counters counters, SourcePos pos) {

    public Rule {
        matches = List.copyOf(matches);
        if (pos == null) {
            pos = SourcePos.NONE;
        }
    }

    /** Whether the rule uses a match or target Rampart does not model exactly. */
    public boolean hasUnknownParts() {
        for (Match m : matches) {
            if (!m.isKnown()) {
                return true;
            }
        }
        return target != null && !target.isKnown();
    }

    /** This rule with other counters. */
    public Rule withCounters(Counters c) {
        return new Rule(header, matches, target, c, pos);
    }

    /** Equality of what the rule does, ignoring counters and source position. */
    public boolean sameSpec(Rule other) {
        return header.equals(other.header) && matches.equals(other.matches)
                && java.util.Objects.equals(target, other.target);
    }
}
