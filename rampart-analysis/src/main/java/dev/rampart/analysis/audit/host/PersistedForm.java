package dev.rampart.analysis.audit.host;

import dev.rampart.model.Chain;
import dev.rampart.model.Counters;
import dev.rampart.model.Family;
import dev.rampart.model.Policy;
import dev.rampart.model.Ruleset;
import dev.rampart.model.Table;
import dev.rampart.model.TableName;
import dev.rampart.model.diag.Diagnostic;
import dev.rampart.model.ipset.IpSet;
import dev.rampart.model.ipset.IpSetEntry;
import dev.rampart.model.ipset.IpSetParser;
import dev.rampart.model.ipset.IpSetWriter;
import dev.rampart.model.ipset.IpSets;
import dev.rampart.model.parse.RestoreParser;
import dev.rampart.model.write.CanonicalWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compares a persisted file with the live state in canonical form, so that formatting, comments,
 * counters and option order never make a file look stale:
 * <ul>
 *   <li>rules: both sides through {@link RestoreParser} and {@link CanonicalWriter} without counters, per
 *       table; a table that only has built-in chains with policy ACCEPT and no rules counts as absent
 *       (iptables-save prints such tables once they were looked at, and restoring them changes nothing);</li>
 *   <li>ipsets: the {@code create} lines of every set, and the entries of sets without a timeout (entries of
 *       timeout sets come and go by design, e.g. bans), as sorted sets.</li>
 * </ul>
 */
final class PersistedForm {
    private PersistedForm() {
    }

    /** What a comparison found: the first parse error of the file, or the tables/sets that differ. */
    record Difference(Diagnostic error, List<String> differences) {
        boolean same() {
            return error == null && differences.isEmpty();
        }
    }

    /** Whether the ruleset holds anything beyond empty default tables. */
    static boolean holdsRules(Ruleset r) {
        return r.tables().stream().anyMatch(t -> !emptyDefault(t));
    }

    private static boolean emptyDefault(Table t) {
        return t.chains().stream().allMatch(c -> c.builtin() && c.rules().isEmpty()
                && (c.policy() == null || c.policy() == Policy.ACCEPT));
    }

    /** Per table, the canonical text without counters, empty default tables left out. */
    static Map<TableName, String> tables(Ruleset r) {
        Map<TableName, String> out = new LinkedHashMap<>();
        CanonicalWriter w = new CanonicalWriter(false);
        for (Table t : r.tables()) {
            if (emptyDefault(t)) {
                continue;
            }
            List<Chain> chains = new ArrayList<>();
            for (Chain c : t.chains()) {
                chains.add(new Chain(c.name(), c.builtin(), c.policy(), Counters.ZERO, c.rules(), c.pos()));
            }
            out.put(t.name(), w.write(new Ruleset(r.family(), List.of(new Table(t.name(), chains)))));
        }
        return out;
    }

    /** Compares {@code live} with the persisted rules text {@code persisted} read from {@code path}. */
    static Difference rules(Ruleset live, String persisted, String path) {
        Family family = live.family();
        RestoreParser.Result p = new RestoreParser(family).parse(persisted, path);
        Optional<Diagnostic> error = p.diagnostics().all().stream().filter(Diagnostic::isError).findFirst();
        if (error.isPresent()) {
            return new Difference(error.get(), List.of());
        }
        Map<TableName, String> a = tables(live);
        Map<TableName, String> b = tables(p.ruleset());
        List<String> diffs = new ArrayList<>();
        for (TableName t : TableName.values()) {
            String x = a.get(t);
            String y = b.get(t);
            if (x == null && y == null || x != null && x.equals(y)) {
                continue;
            }
            int liveRules = live.table(t).map(Table::ruleCount).orElse(0);
            int savedRules = p.ruleset().table(t).map(Table::ruleCount).orElse(0);
            if (y == null) {
                diffs.add(t.id() + ": live has it (" + rules(liveRules) + "), the file does not");
            } else if (x == null) {
                diffs.add(t.id() + ": the file has it (" + rules(savedRules) + "), live it is empty");
            } else {
                diffs.add(t.id() + ": differs (live " + rules(liveRules) + ", file " + rules(savedRules) + ")");
            }
        }
        return new Difference(null, diffs);
    }

    /** Compares live {@code ipset save} text with the persisted ipset file. */
    static Difference ipsets(String live, String persisted, String path) {
        IpSetParser.Result p = new IpSetParser().parse(persisted, path);
        Optional<Diagnostic> error = p.diagnostics().all().stream().filter(Diagnostic::isError).findFirst();
        if (error.isPresent()) {
            return new Difference(error.get(), List.of());
        }
        Map<String, String> a = sets(new IpSetParser().parse(live, "<ipset save>").sets());
        Map<String, String> b = sets(p.sets());
        List<String> diffs = new ArrayList<>();
        for (String name : a.keySet()) {
            if (!b.containsKey(name)) {
                diffs.add("set " + name + ": live, not in the file");
            } else if (!a.get(name).equals(b.get(name))) {
                diffs.add("set " + name + ": differs");
            }
        }
        for (String name : b.keySet()) {
            if (!a.containsKey(name)) {
                diffs.add("set " + name + ": in the file, not live");
            }
        }
        return new Difference(null, diffs);
    }

    /** Whether {@code ipset save} text holds at least one set. */
    static boolean holdsSets(String ipsetSave) {
        return ipsetSave != null && !new IpSetParser().parse(ipsetSave, "<ipset save>").sets().sets().isEmpty();
    }

    private static Map<String, String> sets(IpSets sets) {
        IpSetWriter w = new IpSetWriter();
        Map<String, String> out = new LinkedHashMap<>();
        for (IpSet s : sets.sets()) {
            StringBuilder sb = new StringBuilder(w.createLine(s));
            if (!s.options().hasTimeout()) {
                s.entries().stream().map(IpSetEntry::elementText).sorted().forEach(e -> sb.append('\n').append(e));
            }
            out.put(s.name(), sb.toString());
        }
        return out;
    }

    private static String rules(int n) {
        return n + (n == 1 ? " rule" : " rules");
    }
}
