package dev.rampart.cli;

import dev.rampart.model.diag.Diagnostic;
import dev.rampart.model.ipset.IpSet;
import dev.rampart.model.ipset.IpSetParser;
import dev.rampart.model.ipset.IpSets;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/**
 * {@code --ipsets FILE}: the ipsets that exist where the rules will be loaded (an {@code ipset save}
 * file). When given, every {@code -m set}/{@code -j SET} reference is checked against it, as iptables
 * does when loading; without it, references are not checked. The analyses also use the sets' contents
 * ({@link #loadOrReport}, {@link #contents()}).
 */
public final class IpSetsOption {
    @Option(names = "--ipsets", paramLabel = "FILE",
            description = "An 'ipset save' file with the sets that exist; rules naming other sets are errors.")
    Path file;

    /** The ipset contents {@link #loadOrReport} resolved for the analysis; null before, or when none. */
    private IpSets contents;

    /** The set names, or null when no file was given. */
    public Set<String> names() {
        return namesOf(sets());
    }

    private static Set<String> namesOf(IpSets sets) {
        return sets == null ? null : sets.sets().stream().map(IpSet::name).collect(Collectors.toSet());
    }

    /**
     * Loads {@code file} as {@link RulesetLoader#loadOrReport(String, FamilyOption, PrintWriter)} does,
     * checking its set references against {@code --ipsets} when given, and keeps the set contents an
     * analysis uses ({@link #contents()}): those of {@code --ipsets}, else those the input defines itself
     * (a script's {@code ipset} commands). Null when the input has errors (they are reported).
     */
    public RulesetLoader.Loaded loadOrReport(String file, FamilyOption family, PrintWriter err) {
        IpSets given = sets();
        RulesetLoader.Loaded loaded = RulesetLoader.loadOrReport(file, family, err, namesOf(given));
        if (loaded != null) {
            contents = given != null ? given : loaded.ipsets();
        }
        return loaded;
    }

    /** The set contents the last {@link #loadOrReport} resolved, or null when there are none. */
    public IpSets contents() {
        return contents;
    }

    /** The sets, or null when no file was given; a file with errors is a usage error. */
    public IpSets sets() {
        if (file == null) {
            return null;
        }
        Inputs.Source src = Inputs.read(file.toString(), System.in);
        IpSetParser.Result r = new IpSetParser().parse(src.text(), src.name());
        List<Diagnostic> errors = r.diagnostics().all().stream().filter(Diagnostic::isError).toList();
        if (!errors.isEmpty()) {
            throw new UsageException("the ipset file '" + file + "' has errors; check it with 'rampart check " + file
                    + "' (first: " + errors.get(0).headline() + ")");
        }
        return r.sets();
    }
}
