package dev.rampart.monitor.drift;

import dev.rampart.analysis.diff.Change;
import dev.rampart.analysis.diff.SemanticDiff;
import dev.rampart.host.ProcessRunner;
import dev.rampart.model.Chain;
import dev.rampart.model.Family;
import dev.rampart.model.Policy;
import dev.rampart.model.Rule;
import dev.rampart.model.Ruleset;
import dev.rampart.model.Table;
import dev.rampart.model.TableName;
import dev.rampart.model.ipset.IpSet;
import dev.rampart.model.ipset.IpSetEntry;
import dev.rampart.model.ipset.IpSetOptions;
import dev.rampart.model.ipset.IpSetWriter;
import dev.rampart.model.ipset.IpSets;
import dev.rampart.model.write.CanonicalWriter;
import dev.rampart.sim.engine.CounterRef;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Compares a live firewall state with an approved one and says what drifted.
 *
 * <p>Algorithm, per family that has an approved ruleset:
 * <ol>
 *   <li>both rulesets lose their expected parts ({@link ExpectedFilter}, the same patterns on both
 *       sides) and the tables that hold nothing (no rules, no user chains, every policy ACCEPT: what
 *       {@code iptables-save} prints for a table the kernel merely has loaded);</li>
 *   <li>fast path: when the canonical texts (chains, policies and rules as {@code iptables-save} prints
 *       them, counters left out) are equal, the family has not drifted and nothing else is computed;</li>
 *   <li>otherwise the structural differences per chain: policies, chains only on one side, rules only
 *       on one side (compared as canonical text, as a multiset, so a duplicated rule counts), and
 *       "reordered" when a chain holds the same rules in another order;</li>
 *   <li>and the semantic diff ({@link SemanticDiff}, approved = old, live = new): the classes of packets
 *       whose fate in a filter or nat built-in chain changed, with a witness packet and the deciding rule
 *       on both sides. A structural change that changes no fate (a LOG rule, a redundant rule, a change in
 *       mangle) appears only in the structural differences.</li>
 * </ol>
 * ipsets (when approved): sets only on one side, sets whose type or creation options changed (hash
 * size, bucket size and hash seed are the kernel's business and do not count), and the members added and
 * removed (an element's timeout and counters do not count).
 */
public final class DriftCheck {
    /** Default {@link #DriftCheck(ExpectedChanges, int) semantic limit}: 50,000 rules, both sides together. */
    public static final int DEFAULT_SEMANTIC_MAX_RULES = 50_000;

    private final ExpectedChanges expected;
    private final ExpectedFilter filter;
    private final int semanticMaxRules;

    /** A check that ignores what {@code expected} declares, with the default semantic limit. */
    public DriftCheck(ExpectedChanges expected) {
        this(expected, DEFAULT_SEMANTIC_MAX_RULES);
    }

    /**
     * A check that ignores what {@code expected} declares and runs the semantic diff of a drifted family
     * only when both sides together hold at most {@code semanticMaxRules} rules (expected parts removed):
     * the diff builds decision diagrams over the whole packet space, which takes seconds for thousands of
     * rules and can take minutes for a 300k-rule nat table. Above the limit only the structural
     * differences are reported, and {@link FamilyDrift#semanticSkippedRules()} says so.
     */
    public DriftCheck(ExpectedChanges expected, int semanticMaxRules) {
        this.expected = Objects.requireNonNull(expected, "expected");
        this.filter = new ExpectedFilter(expected);
        this.semanticMaxRules = semanticMaxRules;
    }

    /**
     * Reads the live state through {@code runner} and compares it with {@code approved}; see
     * {@link StateReader#live} for the failures.
     *
     * @throws ApprovedStateException when an approved text has errors (its diagnostics are attached)
     */
    public DriftReport check(ApprovedState approved, ProcessRunner runner, Clock clock) {
        StateReader.Parsed parsed = StateReader.approved(approved);
        if (parsed.hasErrors()) {
            throw new ApprovedStateException(approved.id(), parsed.diagnostics());
        }
        FirewallState live = StateReader.live(runner, parsed.state());
        return compare(approved.id(), parsed.state(), live, clock.instant());
    }

    /** Compares {@code live} with {@code approved}; parts null in {@code approved} are not compared. */
    public DriftReport compare(String approvedId, FirewallState approved, FirewallState live, java.time.Instant time) {
        List<FamilyDrift> families = new ArrayList<>();
        for (Family f : Family.values()) {
            Ruleset a = approved.ruleset(f);
            if (a == null) {
                families.add(new FamilyDrift(f, false, List.of(), List.of()));
                continue;
            }
            Ruleset l = live.ruleset(f);
            if (l == null) {
                throw new IllegalArgumentException("the live " + f + " ruleset was not read");
            }
            families.add(compare(a, filter.apply(a), l, filter.apply(l)));
        }
        List<SetDifference> sets = List.of();
        if (approved.sets() != null) {
            if (live.sets() == null) {
                throw new IllegalArgumentException("the live ipsets were not read");
            }
            sets = compare(filter.apply(approved.sets()), filter.apply(live.sets()));
        }
        return new DriftReport(approvedId, time, families, approved.sets() != null, sets, expected.patterns());
    }

    private FamilyDrift compare(Ruleset approvedOriginal, ExpectedFilter.Filtered approvedFiltered,
                                       Ruleset liveOriginal, ExpectedFilter.Filtered liveFiltered) {
        Ruleset approved = normalise(approvedFiltered.ruleset());
        Ruleset live = normalise(liveFiltered.ruleset());
        if (text(approved).equals(text(live))) {
            return new FamilyDrift(approved.family(), true, List.of(), List.of());
        }
        List<RuleDifference> diffs = new ArrayList<>();
        for (TableName tn : TableName.values()) {
            Table a = approved.table(tn).orElse(new Table(tn, List.of()));
            Table l = live.table(tn).orElse(new Table(tn, List.of()));
            differences(approved.family(), a, l, diffs);
        }
        int rules = approved.ruleCount() + live.ruleCount();
        if (rules > semanticMaxRules) {
            return new FamilyDrift(approved.family(), true, diffs, List.of(), rules);
        }
        List<FateChange> fates = new ArrayList<>();
        for (Change c : SemanticDiff.compare(approved, live)) {
            CounterRef a = original(c.before().decider().origin(), approvedFiltered);
            CounterRef l = original(c.after().decider().origin(), liveFiltered);
            fates.add(new FateChange(c, a, ruleText(approvedOriginal, a), l, ruleText(liveOriginal, l)));
        }
        return new FamilyDrift(approved.family(), true, diffs, fates);
    }

    private static CounterRef original(CounterRef ref, ExpectedFilter.Filtered filtered) {
        if (ref.isPolicy()) {
            return ref;
        }
        return new CounterRef(ref.table(), ref.chain(), filtered.originalRule(ref.table(), ref.chain(), ref.rule()));
    }

    /** The rule {@code ref} names as printed, {@code :CHAIN POLICY} for a policy, "" when it does not exist. */
    private static String ruleText(Ruleset r, CounterRef ref) {
        Chain c = r.table(ref.table()).flatMap(t -> t.chain(ref.chain())).orElse(null);
        if (c == null) {
            return ref.isPolicy() ? ":" + ref.chain() + " ACCEPT" : "";
        }
        if (ref.isPolicy()) {
            return ":" + c.name() + " " + c.policy();
        }
        return ref.rule() <= c.rules().size() ? CanonicalWriter.ruleText(c.name(), c.rules().get(ref.rule() - 1)) : "";
    }

    private static void differences(Family family, Table approved, Table live, List<RuleDifference> out) {
        TableName tn = approved.name();
        Map<String, Chain> a = chains(approved);
        Map<String, Chain> l = chains(live);
        Set<String> names = new LinkedHashSet<>();
        tn.builtinChains().forEach(names::add);
        names.addAll(a.keySet());
        names.addAll(l.keySet());
        for (String name : names) {
            Chain ca = a.get(name);
            Chain cl = l.get(name);
            boolean builtin = tn.builtinChains().contains(name);
            if (ca == null && cl == null) {
                continue;
            }
            if (builtin) {
                Policy pa = ca == null ? Policy.ACCEPT : ca.policy();
                Policy pl = cl == null ? Policy.ACCEPT : cl.policy();
                if (pa != pl) {
                    out.add(new RuleDifference(family, tn, name, RuleDifference.Kind.POLICY_CHANGED, pa + " -> " + pl));
                }
            } else if (ca == null) {
                out.add(new RuleDifference(family, tn, name, RuleDifference.Kind.CHAIN_ADDED, name));
            } else if (cl == null) {
                out.add(new RuleDifference(family, tn, name, RuleDifference.Kind.CHAIN_REMOVED, name));
            }
            List<String> ra = ruleTexts(name, ca);
            List<String> rl = ruleTexts(name, cl);
            if (ra.equals(rl)) {
                continue;
            }
            Map<String, Integer> counts = new HashMap<>();
            for (String r : ra) {
                counts.merge(r, 1, Integer::sum);
            }
            List<String> added = new ArrayList<>();
            for (String r : rl) {
                Integer n = counts.get(r);
                if (n == null || n == 0) {
                    added.add(r);
                } else {
                    counts.put(r, n - 1);
                }
            }
            List<String> removed = new ArrayList<>();
            for (String r : ra) {
                Integer n = counts.get(r);
                if (n != null && n > 0) {
                    removed.add(r);
                    counts.put(r, n - 1);
                }
            }
            removed.forEach(r -> out.add(new RuleDifference(family, tn, name, RuleDifference.Kind.RULE_REMOVED, r)));
            added.forEach(r -> out.add(new RuleDifference(family, tn, name, RuleDifference.Kind.RULE_ADDED, r)));
            if (added.isEmpty() && removed.isEmpty()) {
                out.add(new RuleDifference(family, tn, name, RuleDifference.Kind.RULES_REORDERED, name));
            }
        }
    }

    private static Map<String, Chain> chains(Table t) {
        Map<String, Chain> m = new LinkedHashMap<>();
        for (Chain c : t.chains()) {
            m.put(c.name(), c);
        }
        return m;
    }

    private static List<String> ruleTexts(String chain, Chain c) {
        if (c == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>(c.rules().size());
        for (Rule r : c.rules()) {
            out.add(CanonicalWriter.ruleText(chain, r));
        }
        return out;
    }

    /** The ruleset without tables that hold nothing (no rules, no user chains, every policy ACCEPT). */
    static Ruleset normalise(Ruleset r) {
        List<Table> kept = new ArrayList<>();
        for (Table t : r.tables()) {
            boolean trivial = t.chains().stream().allMatch(c -> c.builtin() && c.policy() == Policy.ACCEPT
                    && c.rules().isEmpty());
            if (!trivial) {
                kept.add(t);
            }
        }
        return kept.size() == r.tables().size() ? r : new Ruleset(r.family(), kept);
    }

    /** Chains, policies and rules in canonical form, counters left out: equal texts, equal rulesets. */
    static String text(Ruleset r) {
        StringBuilder sb = new StringBuilder(Math.max(256, r.ruleCount() * 96));
        for (Table t : r.tables()) {
            sb.append('*').append(t.name().id()).append('\n');
            for (Chain c : t.chains()) {
                sb.append(':').append(c.name()).append(' ').append(c.builtin() ? c.policy().name() : "-").append('\n');
            }
            for (Chain c : t.chains()) {
                for (Rule rule : c.rules()) {
                    CanonicalWriter.appendRule(sb, c.name(), rule);
                    sb.append('\n');
                }
            }
        }
        return sb.toString();
    }

    private static List<SetDifference> compare(IpSets approved, IpSets live) {
        List<SetDifference> out = new ArrayList<>();
        IpSetWriter writer = new IpSetWriter();
        for (IpSet a : approved.sets()) {
            IpSet l = live.find(a.name()).orElse(null);
            if (l == null) {
                out.add(new SetDifference(a.name(), SetDifference.Kind.SET_REMOVED, writer.createLine(comparable(a))));
                continue;
            }
            String ca = writer.createLine(comparable(a));
            String cl = writer.createLine(comparable(l));
            if (!ca.equals(cl)) {
                out.add(new SetDifference(a.name(), SetDifference.Kind.SET_CHANGED, ca + " -> " + cl));
            }
            Set<String> ea = elements(a);
            Set<String> el = elements(l);
            for (String e : ea) {
                if (!el.contains(e)) {
                    out.add(new SetDifference(a.name(), SetDifference.Kind.MEMBER_REMOVED, e));
                }
            }
            for (String e : el) {
                if (!ea.contains(e)) {
                    out.add(new SetDifference(a.name(), SetDifference.Kind.MEMBER_ADDED, e));
                }
            }
        }
        for (IpSet l : live.sets()) {
            if (approved.find(l.name()).isEmpty()) {
                out.add(new SetDifference(l.name(), SetDifference.Kind.SET_ADDED, writer.createLine(comparable(l))));
                for (String e : elements(l)) {
                    out.add(new SetDifference(l.name(), SetDifference.Kind.MEMBER_ADDED, e));
                }
            }
        }
        return out;
    }

    private static Set<String> elements(IpSet s) {
        Set<String> out = new LinkedHashSet<>();
        for (IpSetEntry e : s.entries()) {
            out.add(e.elementText() + (e.options().nomatch() ? " nomatch" : ""));
        }
        return out;
    }

    /**
     * The set with the options the kernel chooses or grows by itself left out (hash size, bucket size,
     * hash seed) and the defaults {@code ipset save} prints filled in (maxelem 65536, family inet), so an
     * approved file written by hand compares equal to what the kernel reports.
     */
    private static IpSet comparable(IpSet s) {
        IpSetOptions o = s.options();
        boolean hash = s.type().name().startsWith("hash:");
        IpSetOptions c = new IpSetOptions(o.family() == null && hash && hasAddress(s) ? Family.IPV4 : o.family(),
                o.range(), o.portRange(), null, o.maxelem() == null && hash ? Long.valueOf(65536) : o.maxelem(),
                o.netmask(), o.bitmask(), o.markmask(), o.timeout(), o.counters(), o.comment(), o.skbinfo(),
                o.forceadd(), null, null, o.size());
        return new IpSet(s.name(), s.type(), c, List.of(), s.pos());
    }

    private static boolean hasAddress(IpSet s) {
        String t = s.type().name();
        return t.contains(":ip") || t.contains(":net");
    }
}
