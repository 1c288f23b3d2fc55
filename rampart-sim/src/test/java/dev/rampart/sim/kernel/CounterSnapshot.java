package dev.rampart.sim.kernel;

import dev.rampart.model.Chain;
import dev.rampart.model.Counters;
import dev.rampart.model.Family;
import dev.rampart.model.Ruleset;
import dev.rampart.model.Table;
import dev.rampart.model.parse.RestoreParser;
import dev.rampart.sim.engine.CounterRef;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Every packet counter of one family's ruleset at one moment, read from {@code iptables-save -c}: each
 * rule's counter by table, chain and 1-based position, and each built-in chain's policy counter (rule 0).
 * Two snapshots around one packet tell which counters that packet moved.
 */
public record CounterSnapshot(Map<CounterRef, Counters> counters) {

    public CounterSnapshot {
        counters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(counters));
    }

    /** Reads the counters out of {@code iptables-save -c} output of {@code family}. */
    public static CounterSnapshot parse(String saveOutput, Family family) {
        RestoreParser.Result r = new RestoreParser(family).parse(saveOutput, family.command() + "-save -c");
        if (r.diagnostics().hasErrors()) {
            throw new IllegalStateException("cannot read counters from " + family.command() + "-save -c: "
                    + r.diagnostics() + "\n" + saveOutput);
        }
        return of(r.ruleset());
    }

    /** The counters carried by {@code ruleset} (as parsed from a dump with counters). */
    public static CounterSnapshot of(Ruleset ruleset) {
        Map<CounterRef, Counters> m = new LinkedHashMap<>();
        for (Table t : ruleset.tables()) {
            for (Chain c : t.chains()) {
                if (c.builtin()) {
                    m.put(CounterRef.policy(t.name(), c.name()), c.counters());
                }
                for (int i = 0; i < c.rules().size(); i++) {
                    m.put(new CounterRef(t.name(), c.name(), i + 1), c.rules().get(i).counters());
                }
            }
        }
        return new CounterSnapshot(m);
    }

    /**
     * The counters whose packet count is higher here than in {@code before}, in a stable order (tables and
     * chains as iptables-save prints them). A counter absent from {@code before} counts from zero.
     */
    public Set<CounterRef> movedSince(CounterSnapshot before) {
        Set<CounterRef> moved = new LinkedHashSet<>();
        counters.forEach((ref, now) -> {
            Counters then = before.counters.getOrDefault(ref, Counters.ZERO);
            if (now.packets() != then.packets()) {
                moved.add(ref);
            }
        });
        return moved;
    }

    /** How many packets {@code ref} counted since {@code before}. */
    public long packetsSince(CounterSnapshot before, CounterRef ref) {
        return counters.getOrDefault(ref, Counters.ZERO).packets()
                - before.counters.getOrDefault(ref, Counters.ZERO).packets();
    }
}
