/**
 * The structural audit checks, one class each (id, title, severity and rationale in the constructor of
 * {@code AbstractCheck}): they read rules, their order and their chains, not the whole packet space.
 */
package dev.rampart.analysis.audit.checks;
