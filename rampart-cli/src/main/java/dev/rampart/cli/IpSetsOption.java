package dev.rampart.cli;

import dev.rampart.model.diag.Diagnostic;
import dev.rampart.model.ipset.IpSet;
import dev.rampart.model.ipset.IpSets;
import dev.rampart.model.ipset.IpSetParser;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/**
 * {@code --ipsets FILE}: the ipsets that exist where the rules will be loaded (an {@code ipset save}
 * file). When given, every {@code -m set}/{@code -j SET} reference is checked against it, as iptables
 * does when loading; without it, references are not checked. The analyses also use the sets' contents
 * ({@link #contents}).
 */
public final class IpSetsOption {
    @Option(names = "--ipsets", paramLabel = "FILE",
            description = "An 'ipset save' file with the sets that exist; rules naming other sets are errors.")
    Path file;

    /** The set names, or null when no file was given. */
    public Set<String> names() {
        IpSets sets = sets();
        return sets == null ? null : sets.sets().stream().map(IpSet::name).collect(Collectors.toSet());
    }

    /**
     * The sets whose contents an analysis uses: those of {@code --ipsets} when given ({@code given},
     * read once by the caller), else those the input defined itself (a script's {@code ipset} commands),
     * else null.
     */
    public static IpSets contents(IpSets given, RulesetLoader.Loaded loaded) {
        return given != null ? given : loaded.ipsets();
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
