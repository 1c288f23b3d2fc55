/** Semantic diff: the classes of packets whose fate differs between two rulesets, each with a witness. */
package dev.rampart.analysis.diff;
