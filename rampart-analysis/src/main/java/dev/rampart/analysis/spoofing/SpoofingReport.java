package dev.rampart.analysis.spoofing;

import java.util.List;

/**
 * What the spoofing check found: one result per checked (family, chain, interface), and notes on what
 * the check could not see (unlisted interfaces, families without addresses, rpfilter, drops in raw and
 * mangle that it does not credit).
 */
public record SpoofingReport(List<InterfaceResult> results, List<String> notes) {

    public SpoofingReport {
        results = List.copyOf(results);
        notes = List.copyOf(notes);
    }

    /** Whether every checked interface is protected. */
    public boolean allProtected() {
        return results.stream().allMatch(InterfaceResult::isProtected);
    }
}
