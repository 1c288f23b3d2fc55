package dev.rampart.model;

import java.util.List;
import java.util.Optional;

/**
 * The netfilter tables. Declaration order is the order in which {@code iptables-save} (1.8.x, nft
 * backend) prints tables; {@link #hookPriority()} is the order in which they run at a hook.
 */
public enum TableName {
    MANGLE("mangle", 1, List.of("PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING")),
    SECURITY("security", 4, List.of("INPUT", "FORWARD", "OUTPUT")),
    RAW("raw", 0, List.of("PREROUTING", "OUTPUT")),
    FILTER("filter", 3, List.of("INPUT", "FORWARD", "OUTPUT")),
    NAT("nat", 2, List.of("PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"));

    private final String id;
    private final int hookPriority;
    private final List<String> builtinChains;

    TableName(String id, int hookPriority, List<String> builtinChains) {
        this.id = id;
        this.hookPriority = hookPriority;
        this.builtinChains = builtinChains;
    }

    /** The name as written after {@code *} and {@code -t}. */
    public String id() {
        return id;
    }

    /** Position among the tables that run at one hook: raw 0, mangle 1, nat 2, filter 3, security 4. */
    public int hookPriority() {
        return hookPriority;
    }

    /** Built-in chains in the order {@code iptables-save} prints them. */
    public List<String> builtinChains() {
        return builtinChains;
    }

    /** Whether {@code chain} is one of this table's built-in chains. */
    public boolean isBuiltin(String chain) {
        return builtinChains.contains(chain);
    }

    /** The table with this {@link #id()}, if any. */
    public static Optional<TableName> byId(String id) {
        for (TableName t : values()) {
            if (t.id.equals(id)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
