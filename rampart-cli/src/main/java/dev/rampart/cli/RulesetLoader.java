package dev.rampart.cli;

import dev.rampart.model.Family;
import dev.rampart.model.Ruleset;
import dev.rampart.model.diag.Diagnostic;
import dev.rampart.model.parse.RestoreParser;
import java.util.List;

/** Turns an input into a ruleset with diagnostics, choosing the family and the reader. */
public final class RulesetLoader {
    private RulesetLoader() {
    }

    /** A loaded ruleset and what reading it reported. */
    public record Loaded(String name, Ruleset ruleset, List<Diagnostic> diagnostics) {
        /** Whether any diagnostic is an error. */
        public boolean hasErrors() {
            return diagnostics.stream().anyMatch(Diagnostic::isError);
        }
    }

    /** Reads {@code source} as an iptables-save / restore file of the given or detected family. */
    public static Loaded load(Inputs.Source source, FamilyOption family) {
        Family f = family.resolve(source.text());
        RestoreParser.Result r = new RestoreParser(f).parse(source.text(), source.name());
        return new Loaded(source.name(), r.ruleset(), r.diagnostics().all());
    }
}
