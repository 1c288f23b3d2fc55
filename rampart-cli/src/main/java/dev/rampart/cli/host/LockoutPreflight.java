package dev.rampart.cli.host;

import dev.rampart.analysis.lockout.Blocker;
import dev.rampart.analysis.lockout.LockoutCheck;
import dev.rampart.analysis.lockout.LockoutQuery;
import dev.rampart.model.Chain;
import dev.rampart.model.Family;
import dev.rampart.model.Rule;
import dev.rampart.model.Ruleset;
import dev.rampart.model.Table;
import dev.rampart.model.TableName;
import dev.rampart.model.parse.RestoreParser;
import dev.rampart.model.target.Goto;
import dev.rampart.model.target.Jump;
import dev.rampart.model.target.Target;
import dev.rampart.sim.engine.CounterRef;
import dev.rampart.sim.engine.TraceResult;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The lock-out check of a restore file that {@code apply} is about to load, reading the nat table's
 * user chains only as far as the admin's packets reach them.
 *
 * <p>Design: on a kube-proxy node the nat table holds nearly every rule (300,000 in the
 * {@code KUBE-SVC-*}/{@code KUBE-SEP-*} chains) and the admin's SSH packets enter almost none of them,
 * yet parsing them was most of the pre-flight's CPU — which runs beside the held
 * {@code iptables-restore} and slows it. So the file is parsed with every nat user chain left unread
 * ({@link RestoreParser#deferring}); the check runs; when the simulated handshake took a jump or goto
 * into a chain left unread, the file is parsed again with that chain read, and so on: the last round's
 * verdict is the one a full parse gives, since every chain its packets entered was read. The filter,
 * raw and mangle tables (the packet-space part of the check reads them) and nat's built-in chains are
 * always read in full. After {@value #MAX_ROUNDS} rounds, or when the file edits rules in a way a left-out
 * chain could hide ({@code -I}, {@code -D}, ...), the whole file is parsed. Rules left unread are not
 * checked by Rampart: {@code iptables-restore} validates them, and a rejection restores the previous
 * state (docs/commands/apply.md).
 */
final class LockoutPreflight {
    /** Rounds of reading more chains before the whole file is parsed. */
    static final int MAX_ROUNDS = 8;

    /** The ruleset the verdict was reached on (unread chains empty) and the blockers found. */
    record Checked(Ruleset ruleset, List<Blocker> blockers) {
    }

    private LockoutPreflight() {
    }

    /**
     * Parses {@code text} (a restore file of {@code family}, named {@code file}) as far as the check of
     * {@code query} needs and checks it; null when the whole file must be parsed instead (the caller's
     * ordinary path). Throws {@link dev.rampart.host.apply.SafeApply.InvalidInput} with the diagnostics
     * when what was read has errors.
     */
    static Checked check(String text, String file, Family family, LockoutQuery query) {
        Set<String> read = new HashSet<>();
        for (int round = 0; round < MAX_ROUNDS; round++) {
            RestoreParser.Result r = new RestoreParser(family)
                    .deferring((table, chain) -> table == TableName.NAT && !read.contains(chain)).parse(text, file);
            if (r.diagnostics().hasErrors()) {
                return null; // the full parse reports every error, also in chains left unread here
            }
            if (!r.complete()) {
                return null;
            }
            Set<String> entered = new HashSet<>();
            List<Blocker> blockers = LockoutCheck.check(r.ruleset(), query,
                    trace -> entered.addAll(unreadChainsEntered(r.ruleset(), trace, read)));
            if (r.deferredRules() == 0 || entered.isEmpty()) {
                return new Checked(r.ruleset(), blockers);
            }
            read.addAll(entered);
        }
        return null;
    }

    /** The nat user chains not in {@code read} that a matched jump or goto of {@code trace} entered. */
    private static Set<String> unreadChainsEntered(Ruleset ruleset, TraceResult trace, Set<String> read) {
        Set<String> out = new HashSet<>();
        Table nat = ruleset.table(TableName.NAT).orElse(null);
        if (nat == null) {
            return out;
        }
        for (CounterRef ref : trace.matched()) {
            if (ref.table() != TableName.NAT || ref.isPolicy()) {
                continue;
            }
            Chain chain = nat.chain(ref.chain()).orElse(null);
            if (chain == null || ref.rule() < 1 || ref.rule() > chain.rules().size()) {
                continue;
            }
            Rule rule = chain.rules().get(ref.rule() - 1);
            Target t = rule.target();
            String to = t instanceof Jump j ? j.chain() : t instanceof Goto g ? g.chain() : null;
            if (to != null && !read.contains(to) && !TableName.NAT.builtinChains().contains(to)) {
                out.add(to);
            }
        }
        return out;
    }
}
