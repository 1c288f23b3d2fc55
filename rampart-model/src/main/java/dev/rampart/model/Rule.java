package dev.rampart.model;

import dev.rampart.model.match.Match;
import dev.rampart.model.target.Target;
import java.util.List;

/**
 * One rule of a chain: header, matches in the order written, an optional target (null: the rule only
 * counts), counters (null when the input gave none) and the 1-based line and column it was read at
 * (0 when built in code). The position is two ints rather than a {@link SourcePos} object because big
 * rulesets hold hundreds of thousands of rules.
 */
public record Rule(RuleHeader header, List<Match> matches, Target target, Counters counters, int line, int column) {

    public Rule {
        matches = List.copyOf(matches);
    }

    /** A rule read at {@code pos} (null: no position). */
    public Rule(RuleHeader header, List<Match> matches, Target target, Counters counters, SourcePos pos) {
        this(header, matches, target, counters, pos == null ? 0 : pos.line(), pos == null ? 0 : pos.column());
    }

    /** Where the rule was read. */
    public SourcePos pos() {
        return line == 0 && column == 0 ? SourcePos.NONE : new SourcePos(line, column);
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
        return new Rule(header, matches, target, c, line, column);
    }

    /** Equality of what the rule does, ignoring counters and source position. */
    public boolean sameSpec(Rule other) {
        return header.equals(other.header) && matches.equals(other.matches)
                && java.util.Objects.equals(target, other.target);
    }
}
