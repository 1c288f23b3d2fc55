package dev.rampart.cli;

import java.util.List;

/**
 * Reads the live ruleset of this host through the host module. Placeholder until the host module's
 * {@code LiveRuleset} lands: reports that live reading is unavailable.
 */
final class LiveInput {
    private LiveInput() {
    }

    static List<RulesetLoader.Loaded> load(FamilyOption family) {
        throw new HostException("reading the live ruleset is not available in this build; give a FILE");
    }
}
