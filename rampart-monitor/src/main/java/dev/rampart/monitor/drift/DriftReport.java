package dev.rampart.monitor.drift;

import java.time.Instant;
import java.util.List;

/**
 * The result of one drift check: the live firewall against an approved state.
 *
 * @param approvedId   the approved state's id ({@link ApprovedState#id()})
 * @param time         when the live state was read
 * @param families     per family (IPv4 then IPv6)
 * @param setsCompared whether approved ipsets existed (else the sets were not compared)
 * @param sets         the ipset differences
 * @param expected     the expected-change patterns that were applied to both sides
 */
public record DriftReport(String approvedId, Instant time, List<FamilyDrift> families, boolean setsCompared,
                          List<SetDifference> sets, List<ExpectPattern> expected) {
    public DriftReport {
        families = List.copyOf(families);
        sets = List.copyOf(sets);
        expected = List.copyOf(expected);
    }

    /** Whether anything drifted (a structural difference, a fate change or an ipset difference). */
    public boolean drifted() {
        return !sets.isEmpty() || families.stream().anyMatch(FamilyDrift::drifted);
    }

    /** Number of packet classes whose fate changed, over all families. */
    public int fateChangeCount() {
        return families.stream().mapToInt(f -> f.fateChanges().size()).sum();
    }

    /** Number of structural rule differences, over all families. */
    public int ruleDifferenceCount() {
        return families.stream().mapToInt(f -> f.differences().size()).sum();
    }
}
