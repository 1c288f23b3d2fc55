/**
 * Per-rule and per-policy packet/byte counters of the live firewall ({@code iptables-save -c}) as
 * Prometheus counters: {@link dev.rampart.monitor.counters.CounterSampler} reads,
 * {@link dev.rampart.monitor.counters.RuleCounterCollector} caches and exports,
 * {@link dev.rampart.monitor.counters.CounterSettings} is the {@code counters:} section. See the
 * "Rule and policy counters" section of {@code docs/metrics.md}.
 */
package dev.rampart.monitor.counters;
