/**
 * The hardening audit behind {@code rampart audit}: {@link dev.rampart.analysis.audit.Check}s (one class
 * per check, listed in {@link dev.rampart.analysis.audit.CheckCatalog}) look at an
 * {@link dev.rampart.analysis.audit.AuditContext} — a host's IPv4 and IPv6 rulesets with their
 * {@link dev.rampart.analysis.audit.ChainFacts} computed once — and report
 * {@link dev.rampart.analysis.audit.Finding}s naming the rules ({@link dev.rampart.analysis.audit.RuleRef}:
 * table, chain, 1-based number, source line), the fix as rule text and, for findings about packets, a
 * witness packet chosen in the packet space ({@link dev.rampart.analysis.audit.Witnesses}) that the tests
 * replay through the simulator. The {@link dev.rampart.analysis.audit.Auditor} runs them and sorts the
 * findings; {@code report} writes them as text, JSON or SARIF. Checks are documented in
 * {@code docs/checks/}.
 */
package dev.rampart.analysis.audit;
