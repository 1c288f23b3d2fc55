package dev.rampart.cli;

import dev.rampart.model.Family;
import dev.rampart.model.Ruleset;
import dev.rampart.model.diag.Diagnostic;
import dev.rampart.model.ipset.IpSetParser;
import dev.rampart.model.ipset.IpSets;
import dev.rampart.model.parse.InputFormat;
import dev.rampart.model.parse.RestoreParser;
import dev.rampart.model.script.ScriptParser;
import java.util.ArrayList;
import java.util.List;

/** Turns an input into rulesets and ipsets with diagnostics, choosing the reader by the input's format. */
public final class RulesetLoader {
    private RulesetLoader() {
    }

    /**
     * What one input held: its rulesets (one for a restore file; the IPv4 and IPv6 rulesets a script
     * built, when used), its ipsets (script or ipset file; null otherwise) and the diagnostics.
     */
    public record Loaded(String name, InputFormat format, List<Ruleset> rulesets, IpSets ipsets,
                         List<Diagnostic> diagnostics) {
        public Loaded {
            rulesets = List.copyOf(rulesets);
            diagnostics = List.copyOf(diagnostics);
        }

        /** Whether any diagnostic is an error. */
        public boolean hasErrors() {
            return diagnostics.stream().anyMatch(Diagnostic::isError);
        }

        /** The ruleset of {@code family}, or null. */
        public Ruleset ruleset(Family family) {
            return rulesets.stream().filter(r -> r.family() == family).findFirst().orElse(null);
        }
    }

    /**
     * Reads {@code file} ({@code -} for stdin) as {@link #load(Inputs.Source, FamilyOption)} does; when it
     * has errors, prints its diagnostics to {@code err} and returns null (the command then exits with
     * {@link ExitCode#INVALID_INPUT}).
     */
    public static Loaded loadOrReport(String file, FamilyOption family, java.io.PrintWriter err) {
        return loadOrReport(file, family, err, null);
    }

    /**
     * As {@link #loadOrReport(String, FamilyOption, java.io.PrintWriter)}, checking ipset references
     * against {@code knownIpSets} (null: no check), as {@code --ipsets} asks.
     */
    public static Loaded loadOrReport(String file, FamilyOption family, java.io.PrintWriter err,
                                      java.util.Set<String> knownIpSets) {
        Loaded loaded = load(Inputs.read(file, System.in), family, knownIpSets);
        if (loaded.hasErrors()) {
            DiagnosticOutput.text(err, loaded.diagnostics());
            err.flush();
            return null;
        }
        return loaded;
    }

    /** Reads {@code source}: a restore file (of the given or detected family), a command script or an ipset file. */
    public static Loaded load(Inputs.Source source, FamilyOption family) {
        return load(source, family, null);
    }

    /** As {@link #load(Inputs.Source, FamilyOption)}, checking ipset references against {@code knownIpSets} (null: no check). */
    public static Loaded load(Inputs.Source source, FamilyOption family, java.util.Set<String> knownIpSets) {
        InputFormat format = InputFormat.detect(source.text());
        switch (format) {
            case SCRIPT -> {
                ScriptParser.Result r = new ScriptParser().parse(source.text(), source.name());
                List<Ruleset> sets = new ArrayList<>();
                for (Ruleset rs : List.of(r.ipv4(), r.ipv6())) {
                    if (!rs.tables().isEmpty() && (!family.given() || family.resolve("") == rs.family())) {
                        sets.add(rs);
                    }
                }
                return new Loaded(source.name(), format, sets, r.ipsets(), r.diagnostics().all());
            }
            case IPSET -> {
                IpSetParser.Result r = new IpSetParser().parse(source.text(), source.name());
                return new Loaded(source.name(), format, List.of(), r.sets(), r.diagnostics().all());
            }
            default -> {
                Family f = family.resolve(source.text());
                RestoreParser.Result r = new RestoreParser(f).withKnownIpSets(knownIpSets).parse(source.text(), source.name());
                return new Loaded(source.name(), format, List.of(r.ruleset()), null, r.diagnostics().all());
            }
        }
    }
}
