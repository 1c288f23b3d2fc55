package dev.rampart.cli;

import dev.rampart.host.LiveRuleset;
import dev.rampart.host.ProcessRunner;
import dev.rampart.model.Family;
import dev.rampart.model.parse.RestoreParser;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads this host's live ruleset through the host module ({@code iptables-save -c} and
 * {@code ip6tables-save -c}, or only the family given with {@code --family}).
 */
public final class LiveInput {
    private LiveInput() {
    }

    /** The live rulesets of this host itself (no network namespace). */
    public static List<RulesetLoader.Loaded> load(FamilyOption family) {
        return load(family, new ProcessRunner());
    }

    /** The live rulesets read through {@code runner} (e.g. inside a network namespace, {@code --netns}). */
    public static List<RulesetLoader.Loaded> load(FamilyOption family, ProcessRunner runner) {
        List<Family> families = family.given() ? List.of(family.resolve("")) : List.of(Family.IPV4, Family.IPV6);
        LiveRuleset live = new LiveRuleset(runner);
        List<RulesetLoader.Loaded> out = new ArrayList<>();
        for (Family f : families) {
            String text;
            try {
                text = live.save(f, true);
            } catch (dev.rampart.host.HostException e) {
                throw new HostException("cannot read the live ruleset: " + e.getMessage());
            }
            String name = "<live " + LiveRuleset.saveCommand(f) + ">";
            RestoreParser.Result r = new RestoreParser(f).parse(text, name);
            out.add(new RulesetLoader.Loaded(name, dev.rampart.model.parse.InputFormat.RESTORE, List.of(r.ruleset()), null,
                    r.diagnostics().all()));
        }
        return out;
    }
}
