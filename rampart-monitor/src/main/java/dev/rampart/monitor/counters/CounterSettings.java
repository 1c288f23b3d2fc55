package dev.rampart.monitor.counters;

import dev.rampart.model.Family;
import dev.rampart.model.TableName;
import dev.rampart.monitor.settings.SectionReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code counters:} section of {@code /etc/rampart/monitor.yaml}.
 *
 * <pre>
 * counters:
 *   enabled: true
 *   mode: on_scrape        # on_scrape: read when scraped, at most once per max_age; schedule: every max_age
 *   max_age: 15s           # a reading younger than this is served from the cache
 *   max_rules: 5000        # rule series exported at most (both families together); policies always
 *   families: [4, 6]
 *   tables: [filter, nat, mangle, raw, security]
 *   chains: ["*"]          # globs of chain names whose rules are exported
 *   timeout: 60s           # per iptables-save -c call
 * </pre>
 *
 * @param enabled  whether the metrics are exported at all
 * @param mode     when readings are taken
 * @param maxAge   cache lifetime (on_scrape) or period (schedule), at least 1 s
 * @param maxRules cap on exported rule series (label cardinality)
 * @param families families read
 * @param tables   tables read
 * @param chains   chain-name globs ({@code *}, {@code ?}) selecting the exported rules
 * @param timeout  longest time one {@code iptables-save -c} may take
 */
public record CounterSettings(boolean enabled, Mode mode, Duration maxAge, int maxRules, List<Family> families,
                              List<TableName> tables, List<String> chains, Duration timeout) {

    /** When readings are taken. */
    public enum Mode {
        /** On a scrape, when the cached reading is older than {@code max_age}. */
        ON_SCRAPE,
        /** By the daemon every {@code max_age}; scrapes always get the last reading. */
        SCHEDULE
    }

    /** Default cache lifetime: 15 seconds (Prometheus' usual scrape interval). */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(15);
    /** Default cap of exported rule series: 5,000. */
    public static final int DEFAULT_MAX_RULES = 5_000;

    /** The defaults: on scrape, 15 s, 5,000 rules, both families, every table and chain. */
    public static final CounterSettings DEFAULTS = new CounterSettings(true, Mode.ON_SCRAPE, DEFAULT_MAX_AGE,
            DEFAULT_MAX_RULES, List.of(Family.IPV4, Family.IPV6), List.of(TableName.values()), List.of("*"),
            Duration.ofSeconds(60));

    public CounterSettings {
        families = List.copyOf(families);
        tables = List.copyOf(tables);
        chains = List.copyOf(chains);
    }

    /** Whether chain {@code name} is selected by {@link #chains}. */
    public boolean selects(String name) {
        for (String g : chains) {
            if (Glob.matches(g, name)) {
                return true;
            }
        }
        return false;
    }

    /** Reads the section (problems go to the reader's diagnostics; bad values keep their defaults). */
    public static CounterSettings read(SectionReader r) {
        boolean enabled = r.bool("enabled", true);
        Mode mode = Mode.valueOf(r.choice("mode", "on_scrape", List.of("on_scrape", "schedule")).toUpperCase(Locale.ROOT));
        Duration maxAge = r.duration("max_age", DEFAULT_MAX_AGE, Duration.ofSeconds(1), Duration.ofHours(1));
        int maxRules = (int) r.integer("max_rules", DEFAULT_MAX_RULES, 0, 1_000_000);
        List<Family> families = new ArrayList<>();
        for (String f : r.strings("families", List.of("4", "6"))) {
            try {
                families.add(Family.parse(f));
            } catch (IllegalArgumentException e) {
                r.problem("families", e.getMessage(), null);
            }
        }
        List<TableName> tables = new ArrayList<>();
        List<String> ids = List.of(TableName.values()).stream().map(TableName::id).toList();
        for (String t : r.strings("tables", ids)) {
            int i = ids.indexOf(t);
            if (i < 0) {
                r.problem("tables", "unknown table '" + t + "'; tables are " + String.join(", ", ids),
                        dev.rampart.model.diag.Suggest.didYouMean(t, ids));
            } else {
                tables.add(TableName.values()[i]);
            }
        }
        List<String> chains = r.strings("chains", List.of("*"));
        Duration timeout = r.duration("timeout", Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofMinutes(30));
        r.finish();
        return new CounterSettings(enabled, mode, maxAge, maxRules, families, tables, chains, timeout);
    }
}
