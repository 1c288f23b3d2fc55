/**
 * Commands that read and rewrite rulesets without analysing them ({@code rampart-model}): {@code check}
 * (validate and report every problem), {@code fmt} (canonical iptables-save form), {@code show} (the
 * {@code iptables -L} view) and {@code convert} (a shell script of iptables/ipset commands to restore
 * files).
 */
package dev.rampart.cli.ruleset;
