/**
 * Commands over {@code rampart-analysis}: {@code audit} (hardening checks, from files or the live host),
 * {@code diff} (semantic difference of two rulesets), {@code flatten}, {@code exposure} (the service
 * matrix), {@code spoofing} (anti-spoofing per interface) and {@code lockout-check}, with the JSON
 * pieces they share ({@link dev.rampart.cli.analysis.AnalysisJson}).
 */
package dev.rampart.cli.analysis;
