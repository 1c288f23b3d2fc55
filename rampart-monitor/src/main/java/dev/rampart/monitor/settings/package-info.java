/**
 * Typed reading of the monitor's YAML sections ({@code alerts:}, {@code drift:}, {@code counters:} of
 * {@code /etc/rampart/monitor.yaml}) with Rampart's positioned diagnostics.
 */
package dev.rampart.monitor.settings;
