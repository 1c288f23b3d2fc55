package dev.rampart.sim.match;

import dev.rampart.model.Family;
import dev.rampart.model.TableName;

/** Where a match is compiled: the family, table and chain of its rule. */
public record CompileContext(Family family, TableName table, String chain) {
}
