package dev.rampart.monitor.counters;

import dev.rampart.host.LiveRuleset;
import dev.rampart.host.ProcessRunner;
import dev.rampart.model.Chain;
import dev.rampart.model.Counters;
import dev.rampart.model.Family;
import dev.rampart.model.Rule;
import dev.rampart.model.Ruleset;
import dev.rampart.model.Table;
import dev.rampart.model.TableName;
import dev.rampart.model.diag.Diagnostic;
import dev.rampart.model.match.CommentMatch;
import dev.rampart.model.match.Match;
import dev.rampart.model.parse.RestoreParser;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads the rule and policy counters of the live firewall: {@code iptables-save -c} /
 * {@code ip6tables-save -c}, parsed with the model's {@link RestoreParser}; rules are identified by
 * table, chain, 1-based position and comment.
 *
 * <p>The cap ({@link CounterSettings#maxRules()}) keeps the first rules in save order (IPv4 first, then
 * tables and chains as {@code iptables-save} prints them: built-in chains before user chains), so that on
 * a Kubernetes node with 100k+ {@code KUBE-*} rules the hand-written INPUT/FORWARD rules are the ones
 * exported; narrow it further with {@link CounterSettings#chains()}. Policies are never capped.
 *
 * <p>When {@link CounterSettings#tables()} names some tables only, each is saved on its own
 * ({@code iptables-save -c -t TABLE}), so an unwanted big table is never read: on a Kubernetes node
 * {@code iptables-save} of the whole ruleset can take minutes (see docs/metrics.md).
 */
public final class CounterSampler {
    /** Where the {@code iptables-save -c} text comes from (the live kernel, or a test's text). */
    @FunctionalInterface
    public interface SaveSource {
        /**
         * {@code iptables-save -c} (or {@code ip6tables-save -c}) output, of {@code table} only
         * ({@code -t TABLE}) or of every table when {@code table} is null; may throw
         * {@link dev.rampart.host.HostException}.
         */
        String save(Family family, TableName table);
    }

    private final SaveSource source;
    private final CounterSettings settings;
    private final Clock clock;

    /** A sampler of the firewall {@code runner} acts on (the host, or a namespace). */
    public static CounterSampler live(ProcessRunner runner, CounterSettings settings, Clock clock) {
        LiveRuleset live = new LiveRuleset(runner.withTimeout(settings.timeout()));
        return new CounterSampler((f, t) -> live.save(f, t, true), settings, clock);
    }

    /** A sampler reading {@code source}. */
    public CounterSampler(SaveSource source, CounterSettings settings, Clock clock) {
        this.source = Objects.requireNonNull(source, "source");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Takes one reading. Throws {@link dev.rampart.host.HostException} when a save command fails and
     * {@link IllegalStateException} when its output does not parse.
     */
    public CounterSample sample() {
        Instant start = clock.instant();
        long t0 = System.nanoTime();
        List<RuleCounter> rules = new ArrayList<>();
        List<PolicyCounter> policies = new ArrayList<>();
        int seen = 0;
        int omitted = 0;
        boolean allTables = settings.tables().containsAll(List.of(TableName.values()));
        for (Family f : settings.families()) {
            List<Table> tables = new ArrayList<>();
            if (allTables) {
                tables.addAll(read(f, null).tables());
            } else {
                // one save per table: iptables-save of a big nat table (kube-proxy) costs minutes; skip what is not wanted
                for (TableName tn : TableName.values()) {
                    if (settings.tables().contains(tn)) {
                        tables.addAll(read(f, tn).tables());
                    }
                }
            }
            for (Table t : tables) {
                if (!settings.tables().contains(t.name())) {
                    continue;
                }
                for (Chain c : t.chains()) {
                    if (c.builtin()) {
                        Counters pc = c.counters();
                        policies.add(new PolicyCounter(f, t.name(), c.name(), c.policy().name(), pc.packets(), pc.bytes()));
                    }
                    if (!settings.selects(c.name())) {
                        continue;
                    }
                    List<Rule> rl = c.rules();
                    for (int i = 0; i < rl.size(); i++) {
                        seen++;
                        if (rules.size() >= settings.maxRules()) {
                            omitted++;
                            continue;
                        }
                        Rule rule = rl.get(i);
                        Counters rc = rule.counters() == null ? Counters.ZERO : rule.counters();
                        rules.add(new RuleCounter(f, t.name(), c.name(), i + 1, comment(rule), rc.packets(), rc.bytes()));
                    }
                }
            }
        }
        return new CounterSample(start, Duration.ofNanos(System.nanoTime() - t0), rules, policies, seen, omitted);
    }

    private Ruleset read(Family f, TableName table) {
        String name = "<" + LiveRuleset.saveCommand(f) + " -c" + (table == null ? "" : " -t " + table.id()) + ">";
        RestoreParser.Result r = new RestoreParser(f).parse(source.save(f, table), name);
        for (Diagnostic d : r.diagnostics().all()) {
            if (d.isError()) {
                throw new IllegalStateException("cannot read " + name + ": " + d.headline());
            }
        }
        return r.ruleset();
    }

    private static String comment(Rule r) {
        for (Match m : r.matches()) {
            if (m instanceof CommentMatch c) {
                return c.comment();
            }
        }
        return "";
    }
}
