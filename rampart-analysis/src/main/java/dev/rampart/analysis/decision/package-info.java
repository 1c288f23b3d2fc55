/**
 * Whole-chain analysis over the packet space: a built-in chain is unfolded into a {@link
 * dev.rampart.analysis.decision.Program} (a first-match list of instructions with forward skips, the
 * user chains inlined), and one or more programs are partitioned into classes of packets that every
 * instruction treats alike by a {@link dev.rampart.analysis.decision.DecisionDiagram}. Audit, exposure,
 * diff and the lock-out check are queries over that partition.
 */
package dev.rampart.analysis.decision;
