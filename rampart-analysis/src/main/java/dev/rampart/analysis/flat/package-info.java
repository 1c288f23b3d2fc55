/**
 * Unfolding of user chains, gotos and RETURNs: {@link dev.rampart.analysis.flat.Flattener} turns each
 * built-in chain into a {@link dev.rampart.analysis.flat.FlatChain}, a first-match list of
 * {@link dev.rampart.analysis.flat.FlatRule}s whose guards are packet sets, each naming the rule (and
 * the jumps leading to it) it stands for. Property-tested against the simulator.
 */
package dev.rampart.analysis.flat;
