/**
 * The watching half of Rampart, as pure functions of log lines and their times: nothing in this module
 * runs a process or touches the firewall (the daemon that will act on its decisions belongs to the
 * issue "monitor and respond").
 *
 * <ul>
 *   <li>{@code parse}: headers ({@link dev.rampart.monitor.parse.SyslogHeaderParser}), the kernel's LOG
 *       lines ({@link dev.rampart.monitor.parse.KernelLogParser} to
 *       {@link dev.rampart.monitor.parse.KernelLogRecord}), time stamps
 *       ({@link dev.rampart.monitor.parse.TimeResolver}).</li>
 *   <li>{@code service}: one {@link dev.rampart.monitor.service.ServiceParser} per daemon, with
 *       fail2ban's filters as the reference for what counts (its annotated samples are the oracle).</li>
 *   <li>{@link dev.rampart.monitor.LineClassifier} routes each line to its parser;
 *       {@code event} turns the result into the JSON event contract.</li>
 *   <li>{@code detect}: {@link dev.rampart.monitor.detect.ScanDetector} (psad's classification and danger
 *       levels) and {@link dev.rampart.monitor.detect.BruteForceDetector} (fail2ban's findtime, maxretry,
 *       bantime.increment); {@code report}: the one-shot report of {@code rampart logs}.</li>
 * </ul>
 *
 * <p>Design rules: no regular expressions on the hot path (every parser is a left-to-right scan whose
 * cost is linear in the line); addresses are taken from the place the daemon writes them, never from
 * text an attacker controls (see {@code docs/log-parsers.md}); every table keyed by something an attacker
 * chooses (source addresses, connections, user names) is bounded and evicts oldest first; detectors take
 * time from the lines, so a report over old files and a live daemon decide alike. Parsers, detectors and
 * reports are single-threaded objects: one per reading thread.
 */
package dev.rampart.monitor;
