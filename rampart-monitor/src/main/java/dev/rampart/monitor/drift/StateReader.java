package dev.rampart.monitor.drift;

import dev.rampart.host.LiveRuleset;
import dev.rampart.host.ProcessRunner;
import dev.rampart.model.Family;
import dev.rampart.model.Ruleset;
import dev.rampart.model.diag.Diagnostic;
import dev.rampart.model.ipset.IpSetParser;
import dev.rampart.model.ipset.IpSets;
import dev.rampart.model.parse.RestoreParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the two sides of a drift check into {@link FirewallState}s: the approved texts (parsed with
 * Rampart's readers, all diagnostics kept) and the live kernel ({@code iptables-save},
 * {@code ip6tables-save}, {@code ipset save} through the host module's {@link ProcessRunner}).
 */
public final class StateReader {
    private StateReader() {
    }

    /**
     * The approved state parsed, with the diagnostics of all its texts.
     *
     * @param state       the parts that could be parsed (parts with errors are still returned as parsed)
     * @param diagnostics everything the readers reported; {@link #hasErrors()} tells whether to trust it
     */
    public record Parsed(FirewallState state, List<Diagnostic> diagnostics) {
        public Parsed {
            diagnostics = List.copyOf(diagnostics);
        }

        /** Whether a text of the approved state has errors. */
        public boolean hasErrors() {
            return diagnostics.stream().anyMatch(Diagnostic::isError);
        }
    }

    /** Parses the parts of {@code approved} that exist ({@code iptables-save} and {@code ipset save} texts). */
    public static Parsed approved(ApprovedState approved) {
        List<Diagnostic> diags = new ArrayList<>();
        Ruleset[] rs = new Ruleset[2];
        for (Family f : Family.values()) {
            Optional<SourceText> text = approved.ruleset(f);
            if (text.isPresent()) {
                RestoreParser.Result r = new RestoreParser(f).parse(text.get().text(), text.get().name());
                diags.addAll(r.diagnostics().all());
                rs[f.ordinal()] = r.ruleset();
            }
        }
        IpSets sets = null;
        Optional<SourceText> setText = approved.ipsets();
        if (setText.isPresent()) {
            IpSetParser.Result r = new IpSetParser().parse(setText.get().text(), setText.get().name());
            diags.addAll(r.diagnostics().all());
            sets = r.sets();
        }
        return new Parsed(new FirewallState(rs[0], rs[1], sets), diags);
    }

    /**
     * Reads the live state of the parts {@code wanted} has (non-null), through {@code runner} (which may
     * act inside a network namespace). Throws {@link dev.rampart.host.HostException} when a tool fails, and
     * {@link IllegalStateException} when its output cannot be parsed (a Rampart bug or an unsupported
     * extension), naming the tool.
     */
    public static FirewallState live(ProcessRunner runner, FirewallState wanted) {
        LiveRuleset live = new LiveRuleset(runner);
        Ruleset[] rs = new Ruleset[2];
        for (Family f : Family.values()) {
            if (wanted.ruleset(f) != null) {
                String name = "<live " + LiveRuleset.saveCommand(f) + ">";
                RestoreParser.Result r = new RestoreParser(f).parse(live.save(f, false), name);
                requireClean(r.diagnostics().all(), name);
                rs[f.ordinal()] = r.ruleset();
            }
        }
        IpSets sets = null;
        if (wanted.sets() != null) {
            String text = runner.check(List.of("ipset", "save"), null).stdout();
            IpSetParser.Result r = new IpSetParser().parse(text, "<live ipset save>");
            requireClean(r.diagnostics().all(), "<live ipset save>");
            sets = r.sets();
        }
        return new FirewallState(rs[0], rs[1], sets);
    }

    private static void requireClean(List<Diagnostic> diags, String name) {
        for (Diagnostic d : diags) {
            if (d.isError()) {
                throw new IllegalStateException("cannot read " + name + ": " + d.headline());
            }
        }
    }
}
