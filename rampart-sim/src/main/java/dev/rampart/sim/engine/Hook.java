package dev.rampart.sim.engine;

import dev.rampart.model.TableName;
import java.util.List;

/**
 * The five netfilter hooks of the IPv4/IPv6 stack. For each hook, {@link #tables()} lists the tables that
 * have a built-in chain there in the order they run (their hook priorities: raw -300, mangle -150, nat
 * -100 for destination NAT, filter 0, security 50, nat 100 for source NAT).
 */
public enum Hook {
    PREROUTING(List.of(TableName.RAW, TableName.MANGLE, TableName.NAT)),
    INPUT(List.of(TableName.MANGLE, TableName.FILTER, TableName.SECURITY, TableName.NAT)),
    FORWARD(List.of(TableName.MANGLE, TableName.FILTER, TableName.SECURITY)),
    OUTPUT(List.of(TableName.RAW, TableName.MANGLE, TableName.NAT, TableName.FILTER, TableName.SECURITY)),
    POSTROUTING(List.of(TableName.MANGLE, TableName.NAT));

    private final List<TableName> tables;
    private final TableName[] tableArray;

    Hook(List<TableName> tables) {
        this.tables = tables;
        this.tableArray = tables.toArray(new TableName[0]);
    }

    /** Tables with a built-in chain at this hook, in the order the kernel runs them. */
    public List<TableName> tables() {
        return tables;
    }

    /** {@link #tables()} as an array, for the per-packet loop (callers must not modify it). */
    TableName[] tableArray() {
        return tableArray;
    }

    /** The built-in chain name of this hook ({@code PREROUTING}, ...). */
    public String chainName() {
        return name();
    }
}
