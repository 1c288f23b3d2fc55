package dev.rampart.model;

import dev.rampart.model.target.Goto;
import dev.rampart.model.target.Jump;
import dev.rampart.model.target.Target;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mutable builder of a {@link Ruleset} that performs iptables' commands ({@code -N -P -A -I -R -D -F -X -E})
 * with iptables' rules: built-in chains always exist once their table is used, user chains must be
 * created before use, a chain can be deleted only when empty and unreferenced. Each command returns
 * null on success or a {@link Problem}.
 */
public final class RulesetBuilder {
    /** Longest user chain name iptables accepts. */
    public static final int MAX_CHAIN_NAME = 28;

    /** Why a command was refused. */
    public record Problem(Kind kind, String message) {
        /** The kind of refusal, mapped to a diagnostic code by parsers. */
        public enum Kind { UNKNOWN_CHAIN, CHAIN_EXISTS, BUILTIN_CHAIN, INVALID_POLICY, RULE_NOT_FOUND, CHAIN_IN_USE,
            INVALID_NAME }
    }

    private static final class ChainState {
        final String name;
        final boolean builtin;
        Policy policy;
        Counters counters = Counters.ZERO;
        /** Room for two rules at first: big rulesets have many short chains (kube-proxy's have 1-2 rules). */
        final ArrayList<Rule> rules = new ArrayList<>(2);
        SourcePos pos = SourcePos.NONE;

        ChainState(String name, boolean builtin) {
            this.name = name;
            this.builtin = builtin;
            this.policy = builtin ? Policy.ACCEPT : null;
        }
    }

    private final Family family;
    private final Map<TableName, Map<String, ChainState>> tables = new EnumMap<>(TableName.class);
    /** The chain names of each table, for lookups by a region of the input; kept in step with {@link #tables}. */
    private final Map<TableName, ChainNameIndex> indexes = new EnumMap<>(TableName.class);
    /** The chain the last rule was appended to (big files append runs of rules to one chain). */
    private TableName lastAppendTable;
    private String lastAppendName;
    private ChainState lastAppendChain;

    public RulesetBuilder(Family family) {
        this.family = family;
    }

    public Family family() {
        return family;
    }

    /** Makes sure {@code table} exists, with its built-in chains. */
    public void touch(TableName table) {
        if (tables.containsKey(table)) {
            return;
        }
        Map<String, ChainState> m = new LinkedHashMap<>();
        ChainNameIndex index = new ChainNameIndex();
        for (String b : table.builtinChains()) {
            m.put(b, new ChainState(b, true));
            index.add(b);
        }
        tables.put(table, m);
        indexes.put(table, index);
    }

    /** Drops everything in {@code table} and recreates its built-in chains (iptables-restore's flush). */
    public void reset(TableName table) {
        tables.remove(table);
        indexes.remove(table);
        lastAppendChain = null;
        touch(table);
    }

    /** Rebuilds the name index of {@code table} after chains were removed or renamed. */
    private void reindex(TableName table) {
        ChainNameIndex index = new ChainNameIndex();
        for (String name : chains(table).keySet()) {
            index.add(name);
        }
        indexes.put(table, index);
        lastAppendChain = null;
    }

    private Map<String, ChainState> chains(TableName table) {
        Map<String, ChainState> m = tables.get(table);
        if (m != null) {
            return m;
        }
        touch(table);
        return tables.get(table);
    }

    /** Whether chain {@code name} exists in {@code table}. */
    public boolean exists(TableName table, String name) {
        return chains(table).containsKey(name);
    }

    /** The stored name of chain {@code name} in {@code table}, or null when there is no such chain. */
    public String find(TableName table, String name) {
        ChainState c = chains(table).get(name);
        return c == null ? null : c.name;
    }

    /**
     * The stored name of the chain named {@code text[from, to)} in {@code table}, or null: {@link #find}
     * without copying the name out of the text. Safe from several threads while nothing changes the builder.
     */
    public String find(TableName table, String text, int from, int to) {
        chains(table);
        return indexes.get(table).find(text, from, to);
    }

    /** Names of the user chains of {@code table}. */
    public Collection<String> userChains(TableName table) {
        List<String> out = new ArrayList<>();
        for (ChainState c : chains(table).values()) {
            if (!c.builtin) {
                out.add(c.name);
            }
        }
        return out;
    }

    /** Checks a new chain name as iptables does; null when valid. */
    public static String checkChainName(String name) {
        if (name.isEmpty()) {
            return "chain name must not be empty";
        }
        if (name.length() > MAX_CHAIN_NAME) {
            return "chain name '" + name + "' is longer than " + MAX_CHAIN_NAME + " characters";
        }
        if (name.charAt(0) == '-' || name.charAt(0) == '!') {
            return "chain name '" + name + "' must not start with '-' or '!'";
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.isWhitespace(name.charAt(i))) {
                return "chain name '" + name + "' must not contain white space";
            }
        }
        return null;
    }

    /** {@code :NAME POLICY [p:b]} of iptables-restore: sets a built-in policy, or creates a user chain. */
    public Problem declare(TableName table, String name, String policy, Counters counters, SourcePos pos) {
        Map<String, ChainState> m = chains(table);
        ChainState c = m.get(name);
        if (table.isBuiltin(name)) {
            Policy p = parsePolicy(policy);
            if (p == null) {
                return new Problem(Problem.Kind.INVALID_POLICY, "built-in chain '" + name
                        + "' needs policy ACCEPT or DROP, not '" + policy + "'");
            }
            c.policy = p;
            c.counters = counters == null ? Counters.ZERO : counters;
            c.pos = pos;
            return null;
        }
        if (!policy.equals("-")) {
            if (!table.builtinChains().contains(name) && findBuiltinElsewhere(name)) {
                return new Problem(Problem.Kind.BUILTIN_CHAIN, "table '" + table.id() + "' has no built-in chain '"
                        + name + "'");
            }
            return new Problem(Problem.Kind.INVALID_POLICY, "user chain '" + name
                    + "' cannot have a policy; write '-' instead of '" + policy + "'");
        }
        String bad = checkChainName(name);
        if (bad != null) {
            return new Problem(Problem.Kind.INVALID_NAME, bad);
        }
        if (c == null) {
            c = new ChainState(name, false);
            m.put(name, c);
            indexes.get(table).add(name);
        }
        c.counters = counters == null ? Counters.ZERO : counters;
        c.pos = pos;
        return null;
    }

    private static boolean findBuiltinElsewhere(String name) {
        for (TableName t : TableName.values()) {
            if (t.isBuiltin(name)) {
                return true;
            }
        }
        return false;
    }

    private static Policy parsePolicy(String s) {
        return switch (s) {
            case "ACCEPT" -> Policy.ACCEPT;
            case "DROP" -> Policy.DROP;
            default -> null;
        };
    }

    /**
     * {@code :NAME - [p:b]} for a chain that does not exist yet: creates it and returns true; returns
     * false, changing nothing, when the name is taken or invalid (the caller then reports why).
     */
    public boolean declareNewUserChain(TableName table, String name, Counters counters, SourcePos pos) {
        if (table.isBuiltin(name) || checkChainName(name) != null) {
            return false;
        }
        Map<String, ChainState> m = chains(table);
        ChainState c = new ChainState(name, false);
        c.counters = counters == null ? Counters.ZERO : counters;
        c.pos = pos;
        if (m.putIfAbsent(name, c) != null) {
            return false;
        }
        indexes.get(table).add(name);
        return true;
    }

    /** {@code -N NAME}. */
    public Problem newChain(TableName table, String name, SourcePos pos) {
        String bad = checkChainName(name);
        if (bad != null) {
            return new Problem(Problem.Kind.INVALID_NAME, bad);
        }
        Map<String, ChainState> m = chains(table);
        if (m.containsKey(name)) {
            return new Problem(Problem.Kind.CHAIN_EXISTS, "chain '" + name + "' already exists in table '" + table.id() + "'");
        }
        ChainState c = new ChainState(name, false);
        c.pos = pos;
        m.put(name, c);
        indexes.get(table).add(name);
        return null;
    }

    /** {@code -P CHAIN POLICY}. */
    public Problem policy(TableName table, String name, String policy, Counters counters) {
        ChainState c = chains(table).get(name);
        if (c == null || !c.builtin) {
            return new Problem(c == null ? Problem.Kind.UNKNOWN_CHAIN : Problem.Kind.BUILTIN_CHAIN,
                    "only built-in chains have a policy; '" + name + "' is not a built-in chain of table '"
                            + table.id() + "'");
        }
        Policy p = parsePolicy(policy);
        if (p == null) {
            return new Problem(Problem.Kind.INVALID_POLICY, "policy must be ACCEPT or DROP, not '" + policy + "'");
        }
        c.policy = p;
        if (counters != null) {
            c.counters = counters;
        }
        return null;
    }

    private ChainState chain(TableName table, String name) {
        return chains(table).get(name);
    }

    private Problem noChain(TableName table, String name) {
        return new Problem(Problem.Kind.UNKNOWN_CHAIN, "chain '" + name + "' does not exist in table '" + table.id() + "'");
    }

    /** {@code -A CHAIN rule}. */
    public Problem append(TableName table, String name, Rule rule) {
        ChainState c = appendTarget(table, name);
        if (c == null) {
            return noChain(table, name);
        }
        c.rules.add(rule);
        return null;
    }

    /** Chain {@code name} of {@code table} or null, remembered for the next append to the same name string. */
    private ChainState appendTarget(TableName table, String name) {
        if (lastAppendChain != null && name == lastAppendName && table == lastAppendTable) {
            return lastAppendChain; // the same chain as the previous rule (the name string compared by identity)
        }
        ChainState c = chain(table, name);
        if (c != null) {
            lastAppendTable = table;
            lastAppendName = name;
            lastAppendChain = c;
        }
        return c;
    }

    /** Makes room for {@code count} more rules in chain {@code name} (when it exists) before they are appended. */
    public void reserve(TableName table, String name, int count) {
        ChainState c = appendTarget(table, name);
        if (c != null) {
            c.rules.ensureCapacity(c.rules.size() + count);
        }
    }

    /** {@code -I CHAIN [N] rule} with a 1-based position. */
    public Problem insert(TableName table, String name, int position, Rule rule) {
        ChainState c = chain(table, name);
        if (c == null) {
            return noChain(table, name);
        }
        if (position < 1 || position > c.rules.size() + 1) {
            return new Problem(Problem.Kind.RULE_NOT_FOUND, "index " + position + " is out of range for chain '" + name
                    + "' (" + c.rules.size() + " rules)");
        }
        c.rules.add(position - 1, rule);
        return null;
    }

    /** {@code -R CHAIN N rule}. */
    public Problem replace(TableName table, String name, int position, Rule rule) {
        ChainState c = chain(table, name);
        if (c == null) {
            return noChain(table, name);
        }
        if (position < 1 || position > c.rules.size()) {
            return new Problem(Problem.Kind.RULE_NOT_FOUND, "chain '" + name + "' has no rule " + position);
        }
        c.rules.set(position - 1, rule);
        return null;
    }

    /** {@code -D CHAIN N}. */
    public Problem delete(TableName table, String name, int position) {
        ChainState c = chain(table, name);
        if (c == null) {
            return noChain(table, name);
        }
        if (position < 1 || position > c.rules.size()) {
            return new Problem(Problem.Kind.RULE_NOT_FOUND, "chain '" + name + "' has no rule " + position);
        }
        c.rules.remove(position - 1);
        return null;
    }

    /** {@code -D CHAIN rule}: deletes the first rule with the same specification. */
    public Problem delete(TableName table, String name, Rule rule) {
        ChainState c = chain(table, name);
        if (c == null) {
            return noChain(table, name);
        }
        for (int i = 0; i < c.rules.size(); i++) {
            if (c.rules.get(i).sameSpec(rule)) {
                c.rules.remove(i);
                return null;
            }
        }
        return new Problem(Problem.Kind.RULE_NOT_FOUND, "no rule in chain '" + name + "' matches this specification");
    }

    /** {@code -F [CHAIN]}: empties one chain, or all chains of the table when {@code name} is null. */
    public Problem flush(TableName table, String name) {
        if (name == null) {
            chains(table).values().forEach(c -> c.rules.clear());
            return null;
        }
        ChainState c = chain(table, name);
        if (c == null) {
            return noChain(table, name);
        }
        c.rules.clear();
        return null;
    }

    /** {@code -Z [CHAIN]}: zeroes counters. */
    public Problem zero(TableName table, String name) {
        for (ChainState c : chains(table).values()) {
            if (name == null || c.name.equals(name)) {
                c.counters = Counters.ZERO;
                c.rules.replaceAll(r -> r.counters() == null ? r : r.withCounters(Counters.ZERO));
            }
        }
        return name == null || exists(table, name) ? null : noChain(table, name);
    }

    /** {@code -X [CHAIN]}: deletes one empty, unreferenced user chain, or all user chains when null. */
    public Problem deleteChain(TableName table, String name) {
        Map<String, ChainState> m = chains(table);
        if (name == null) {
            List<String> users = new ArrayList<>(userChains(table));
            for (String u : users) {
                if (!m.get(u).rules.isEmpty() || referenced(table, u)) {
                    return new Problem(Problem.Kind.CHAIN_IN_USE, "chain '" + u + "' is not empty or still referenced");
                }
            }
            users.forEach(m::remove);
            reindex(table);
            return null;
        }
        ChainState c = m.get(name);
        if (c == null) {
            return noChain(table, name);
        }
        if (c.builtin) {
            return new Problem(Problem.Kind.BUILTIN_CHAIN, "cannot delete built-in chain '" + name + "'");
        }
        if (!c.rules.isEmpty()) {
            return new Problem(Problem.Kind.CHAIN_IN_USE, "chain '" + name + "' is not empty; flush it first (-F " + name + ")");
        }
        if (referenced(table, name)) {
            return new Problem(Problem.Kind.CHAIN_IN_USE, "chain '" + name + "' is still referenced by a rule");
        }
        m.remove(name);
        indexes.get(table).remove(name);
        lastAppendChain = null;
        return null;
    }

    /** {@code -E OLD NEW}: renames a user chain and every jump to it. */
    public Problem rename(TableName table, String from, String to) {
        Map<String, ChainState> m = chains(table);
        ChainState c = m.get(from);
        if (c == null) {
            return noChain(table, from);
        }
        if (c.builtin) {
            return new Problem(Problem.Kind.BUILTIN_CHAIN, "cannot rename built-in chain '" + from + "'");
        }
        String bad = checkChainName(to);
        if (bad != null) {
            return new Problem(Problem.Kind.INVALID_NAME, bad);
        }
        if (m.containsKey(to)) {
            return new Problem(Problem.Kind.CHAIN_EXISTS, "chain '" + to + "' already exists");
        }
        Map<String, ChainState> copy = new LinkedHashMap<>();
        for (Map.Entry<String, ChainState> e : m.entrySet()) {
            if (e.getKey().equals(from)) {
                ChainState n = new ChainState(to, false);
                n.counters = c.counters;
                n.rules.addAll(c.rules);
                n.pos = c.pos;
                copy.put(to, n);
            } else {
                copy.put(e.getKey(), e.getValue());
            }
        }
        for (ChainState s : copy.values()) {
            s.rules.replaceAll(r -> {
                Target t = r.target();
                if (t instanceof Jump j && j.chain().equals(from)) {
                    return new Rule(r.header(), r.matches(), new Jump(to), r.counters(), r.pos());
                }
                if (t instanceof Goto g && g.chain().equals(from)) {
                    return new Rule(r.header(), r.matches(), new Goto(to), r.counters(), r.pos());
                }
                return r;
            });
        }
        m.clear();
        m.putAll(copy);
        reindex(table);
        return null;
    }

    private boolean referenced(TableName table, String name) {
        for (ChainState c : chains(table).values()) {
            for (Rule r : c.rules) {
                Target t = r.target();
                if ((t instanceof Jump j && j.chain().equals(name)) || (t instanceof Goto g && g.chain().equals(name))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Number of rules in chain {@code name}, or -1 when it does not exist. */
    public int size(TableName table, String name) {
        ChainState c = chain(table, name);
        return c == null ? -1 : c.rules.size();
    }

    /** Whether any table was used. */
    public boolean isEmpty() {
        return tables.isEmpty();
    }

    /**
     * An immutable copy of {@code rules}; one or two rules without {@link List#copyOf}'s temporary array
     * ({@link Chain} keeps an immutable list as it is).
     */
    private static List<Rule> frozen(ArrayList<Rule> rules) {
        return switch (rules.size()) {
            case 0 -> List.of();
            case 1 -> List.of(rules.get(0));
            case 2 -> List.of(rules.get(0), rules.get(1));
            default -> List.copyOf(rules);
        };
    }

    /** The immutable ruleset: tables in iptables-save order, chains in canonical order. */
    public Ruleset build() {
        List<Table> out = new ArrayList<>();
        for (TableName tn : TableName.values()) {
            Map<String, ChainState> m = tables.get(tn);
            if (m == null) {
                continue;
            }
            List<Chain> chains = new ArrayList<>(m.size());
            for (String b : tn.builtinChains()) {
                ChainState c = m.get(b);
                chains.add(new Chain(c.name, true, c.policy, c.counters, frozen(c.rules), c.pos));
            }
            List<ChainState> users = new ArrayList<>();
            for (ChainState c : m.values()) {
                if (!c.builtin) {
                    users.add(c);
                }
            }
            users.sort((a, b) -> a.name.compareTo(b.name));
            for (ChainState c : users) {
                chains.add(new Chain(c.name, false, null, c.counters, frozen(c.rules), c.pos));
            }
            out.add(new Table(tn, chains));
        }
        return new Ruleset(family, out);
    }
}
