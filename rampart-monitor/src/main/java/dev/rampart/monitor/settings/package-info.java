/**
 * Typed reading of {@code /etc/rampart/monitor.yaml} with Rampart's positioned diagnostics: {@link
 * dev.rampart.monitor.settings.YamlReader}, the one reader (the daemon's core settings), and {@link
 * dev.rampart.monitor.settings.SectionReader}, its per-section view for the {@code alerts:}, {@code drift:}
 * and {@code counters:} sections.
 */
package dev.rampart.monitor.settings;
