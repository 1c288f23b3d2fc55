/**
 * The packet simulator on the command line ({@code rampart-sim}): {@code trace}, what happens to packets
 * under a ruleset, rule by rule.
 */
package dev.rampart.cli.sim;
