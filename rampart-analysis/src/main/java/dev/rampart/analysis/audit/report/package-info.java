/**
 * Audit reports: text for people, JSON and SARIF 2.1.0 for machines (contracts in
 * {@code docs/audit-format.md}), and the witness packet in the simulator's packet JSON.
 */
package dev.rampart.analysis.audit.report;
