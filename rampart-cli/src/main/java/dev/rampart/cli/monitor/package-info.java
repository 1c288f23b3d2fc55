/**
 * Commands over {@code rampart-monitor}: the {@code monitor} daemon, {@code bans}, {@code metrics},
 * {@code drift} and {@code logs}, with their shared {@link dev.rampart.cli.monitor.MonitorOptions}.
 */
package dev.rampart.cli.monitor;
