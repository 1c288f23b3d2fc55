/**
 * The watching half of Rampart: pure functions of log lines and their times (parsers, events,
 * detectors, the one-shot report), and the daemon that acts on their decisions ({@code source},
 * {@code store}, {@code ban}, {@code daemon}, {@code metrics}; processes only through rampart-host's
 * {@code ProcessRunner} and {@code StreamingProcess}; docs/monitor.md).
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
 *   <li>{@code source}: files followed across rotation and the journal, with checkpoints;
 *       {@code store}: SQLite (bans, history, checkpoints committed with their bans); {@code ban}: the
 *       ipsets and the allowlist; {@code daemon}: monitor.yaml and the loop; {@code metrics}: Prometheus.</li>
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
