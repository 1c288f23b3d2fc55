package dev.rampart.monitor.drift;

import dev.rampart.model.Chain;
import dev.rampart.model.Rule;
import dev.rampart.model.Ruleset;
import dev.rampart.model.Table;
import dev.rampart.model.TableName;
import dev.rampart.model.ipset.IpSet;
import dev.rampart.model.ipset.IpSets;
import dev.rampart.model.match.CommentMatch;
import dev.rampart.model.match.Match;
import dev.rampart.model.match.SetMatch;
import dev.rampart.model.target.Goto;
import dev.rampart.model.target.Jump;
import dev.rampart.model.target.SetTarget;
import dev.rampart.model.target.Target;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Removes the declared expected parts ({@link ExpectedChanges}) from a ruleset and from ipsets, so that
 * what remains can be compared. It is applied in the same way to both sides (approved and live), so a
 * part that is expected is ignored whether it was added, removed or changed.
 *
 * <p>What is removed, per table:
 * <ol>
 *   <li>user chains matching a {@code chain:} pattern, with all their rules;</li>
 *   <li>every rule (in any remaining chain) whose target is a jump or goto into a removed chain;</li>
 *   <li>every rule whose comment matches a {@code comment:} pattern;</li>
 *   <li>every rule whose {@code -i} or {@code -o} matches an {@code iface:} pattern;</li>
 *   <li>every rule that uses a set matching a {@code set:} pattern ({@code -m set}, {@code -j SET}).</li>
 * </ol>
 * Built-in chains are never removed (their policy always counts). Sets matching a {@code set:} pattern
 * are removed from the ipsets.
 *
 * <p>What this hides, by construction: any change inside an expected chain (a rule someone slipped into
 * {@code DOCKER}), the position of the jumps into expected chains (a {@code -j DOCKER} moved to the top
 * of FORWARD), the traffic those chains decide (packets that would have gone into them are analysed as
 * if the jump were not there and fall through to the next rule), and any rule that merely carries an
 * expected comment or interface. Declare as little as the host needs.
 */
public final class ExpectedFilter {
    private final ExpectedChanges expected;

    /** A filter removing what {@code expected} declares. */
    public ExpectedFilter(ExpectedChanges expected) {
        this.expected = expected;
    }

    /**
     * A ruleset without its expected parts, and where its rules were in the original.
     *
     * @param ruleset   the filtered ruleset
     * @param positions per {@code table/chain} whose rules were removed: the 1-based original position of
     *                  each kept rule (chains not listed kept every rule)
     */
    public record Filtered(Ruleset ruleset, Map<String, int[]> positions) {
        /** The 1-based position in the original chain of rule {@code rule} (1-based) of the filtered chain. */
        public int originalRule(TableName table, String chain, int rule) {
            int[] p = positions.get(table.id() + "/" + chain);
            return p == null || rule < 1 || rule > p.length ? rule : p[rule - 1];
        }
    }

    /** {@code ruleset} without its expected parts. */
    public Filtered apply(Ruleset ruleset) {
        Map<String, int[]> positions = new HashMap<>();
        if (expected.isEmpty()) {
            return new Filtered(ruleset, positions);
        }
        List<Table> tables = new ArrayList<>();
        for (Table t : ruleset.tables()) {
            tables.add(apply(t, positions));
        }
        return new Filtered(new Ruleset(ruleset.family(), tables), positions);
    }

    private Table apply(Table t, Map<String, int[]> positions) {
        Set<String> removed = new HashSet<>();
        for (Chain c : t.chains()) {
            if (!c.builtin() && expected.matches(ExpectPattern.Kind.CHAIN, c.name())) {
                removed.add(c.name());
            }
        }
        List<Chain> chains = new ArrayList<>();
        for (Chain c : t.chains()) {
            if (removed.contains(c.name())) {
                continue;
            }
            List<Rule> kept = new ArrayList<>(c.rules().size());
            int[] pos = new int[c.rules().size()];
            for (int i = 0; i < c.rules().size(); i++) {
                Rule r = c.rules().get(i);
                if (!isExpected(r, removed)) {
                    pos[kept.size()] = i + 1;
                    kept.add(r);
                }
            }
            if (kept.size() != c.rules().size()) {
                positions.put(t.name().id() + "/" + c.name(), java.util.Arrays.copyOf(pos, kept.size()));
            }
            chains.add(kept.size() == c.rules().size() ? c
                    : new Chain(c.name(), c.builtin(), c.policy(), c.counters(), kept, c.pos()));
        }
        return new Table(t.name(), chains);
    }

    /** Whether rule {@code r} is an expected rule, given the chains removed from its table. */
    boolean isExpected(Rule r, Set<String> removedChains) {
        Target target = r.target();
        if (target instanceof Jump j && removedChains.contains(j.chain())
                || target instanceof Goto g && removedChains.contains(g.chain())) {
            return true;
        }
        if (expected.matches(ExpectPattern.Kind.IFACE, r.header().inInterface())
                || expected.matches(ExpectPattern.Kind.IFACE, r.header().outInterface())) {
            return true;
        }
        for (Match m : r.matches()) {
            if (m instanceof CommentMatch c && expected.matches(ExpectPattern.Kind.COMMENT, c.comment())
                    || m instanceof SetMatch s && expected.matches(ExpectPattern.Kind.SET, s.setName())) {
                return true;
            }
        }
        if (target instanceof SetTarget st) {
            for (SetTarget.SetRef ref : java.util.Arrays.asList(st.addSet(), st.delSet(), st.mapSet())) {
                if (ref != null && expected.matches(ExpectPattern.Kind.SET, ref.name())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** {@code sets} without the expected sets. */
    public IpSets apply(IpSets sets) {
        if (expected.isEmpty()) {
            return sets;
        }
        List<IpSet> kept = new ArrayList<>();
        for (IpSet s : sets.sets()) {
            if (!expected.matches(ExpectPattern.Kind.SET, s.name())) {
                kept.add(s);
            }
        }
        return new IpSets(kept);
    }
}
