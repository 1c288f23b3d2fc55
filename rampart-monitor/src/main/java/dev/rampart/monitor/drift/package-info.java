/**
 * Drift detection: the live firewall ({@code iptables-save}, {@code ip6tables-save}, {@code ipset save})
 * compared with an approved state, reported as structural differences plus the semantic diff (which
 * packets changed fate, and which rules decide), with declared expected changes (Docker, kube-proxy,
 * Rampart's bans) ignored. Entry points: {@link dev.rampart.monitor.drift.DriftCheck},
 * {@link dev.rampart.monitor.drift.ApprovedState}, {@link dev.rampart.monitor.drift.DriftSettings},
 * {@link dev.rampart.monitor.drift.DriftReportWriter}. See {@code docs/drift.md}.
 */
package dev.rampart.monitor.drift;
