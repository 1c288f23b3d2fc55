package dev.rampart.monitor.drift;

import dev.rampart.model.Family;
import java.util.List;

/**
 * The drift of one address family's ruleset.
 *
 * @param family       the family
 * @param compared     false when no approved ruleset exists for the family (then nothing was compared
 *                     and both lists are empty)
 * @param differences  structural differences (rules, chains, policies), in table and chain order
 * @param fateChanges  the classes of packets whose fate changed, from {@link
 *                     dev.rampart.analysis.diff.SemanticDiff} (approved = old, live = new), each with a
 *                     witness packet and the deciding rules (numbered as in the unfiltered rulesets)
 * @param semanticSkippedRules 0 when the semantic diff ran (or was not needed); else the number of rules
 *                     (both sides, expected parts removed) that exceeded {@link DriftCheck}'s limit, and
 *                     {@code fateChanges} is empty because the packets were not compared
 */
public record FamilyDrift(Family family, boolean compared, List<RuleDifference> differences, List<FateChange> fateChanges,
                          int semanticSkippedRules) {

    /** A family whose semantic diff was computed (or not needed). */
    public FamilyDrift(Family family, boolean compared, List<RuleDifference> differences, List<FateChange> fateChanges) {
        this(family, compared, differences, fateChanges, 0);
    }

    public FamilyDrift {
        differences = List.copyOf(differences);
        fateChanges = List.copyOf(fateChanges);
    }

    /** Whether the live ruleset of this family differs from the approved one. */
    public boolean drifted() {
        return !differences.isEmpty() || !fateChanges.isEmpty();
    }
}
