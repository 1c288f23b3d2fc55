/**
 * Alerts: the {@link dev.rampart.monitor.alert.Alert} record, sinks (webhook, SMTP mail, syslog), and
 * the {@link dev.rampart.monitor.alert.AlertDispatcher} with per-sink rate limiting and aggregation of
 * bursts ({@link dev.rampart.monitor.alert.AlertThrottle}). Settings: {@link
 * dev.rampart.monitor.alert.AlertSettings} ({@code alerts:}). See {@code docs/alerts.md}.
 */
package dev.rampart.monitor.alert;
