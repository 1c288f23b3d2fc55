package dev.rampart.monitor.report;

import dev.rampart.model.net.IpAddress;
import dev.rampart.monitor.Classified;
import dev.rampart.monitor.detect.BanDecision;
import dev.rampart.monitor.detect.BruteForceDetector;
import dev.rampart.monitor.detect.BruteForceSettings;
import dev.rampart.monitor.detect.ScanDetection;
import dev.rampart.monitor.detect.ScanDetector;
import dev.rampart.monitor.detect.ScanSettings;
import dev.rampart.monitor.event.EventKind;
import dev.rampart.monitor.event.LogEvents;
import dev.rampart.monitor.parse.KernelLogRecord;
import dev.rampart.monitor.parse.Scan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one-shot report of a set of logs, as a person reading kern.log and auth.log wants it: how many
 * lines, what the firewall dropped (top sources, top destination ports, protocols, counts per log
 * prefix), the scans the {@link ScanDetector} finds and the sources the {@link BruteForceDetector} would
 * ban (per service, fail2ban's defaults), with the failures per source behind them. Fed line by line in
 * log order ({@link #add}); distinct keys are bounded ({@link #MAX_KEYS} per table).
 */
public final class LogReport {
    /** Distinct keys kept per table; more are counted as "others". */
    public static final int MAX_KEYS = 1_000_000;

    private long lines;
    private long kernelLines;
    private long serviceLines;
    private Instant first;
    private Instant last;
    private final Counter droppedSources = new Counter(MAX_KEYS);
    private final Counter packetSources = new Counter(MAX_KEYS);
    private final Counter ports = new Counter(MAX_KEYS);
    private final Counter protocols = new Counter(1024);
    private final Counter prefixes = new Counter(10_000);
    private final Counter failures = new Counter(MAX_KEYS);
    private final Map<String, Set<String>> usersBySource = new HashMap<>();
    private final ScanDetector scans;
    private final BruteForceSettings bruteForce;
    private final Map<String, BruteForceDetector> detectors = new LinkedHashMap<>();
    private final Map<String, Ban> bans = new LinkedHashMap<>();
    /** Until when each banned {@code service target} would be banned: its failures meanwhile cannot happen. */
    private final Map<String, Instant> bannedUntil = new HashMap<>();

    /** A source the brute-force detector would ban: its service, bans and the last ban. */
    public record Ban(String service, String source, int bans, BanDecision last) {
    }

    public LogReport(ScanSettings scan, BruteForceSettings bruteForce) {
        this.scans = new ScanDetector(scan);
        this.bruteForce = bruteForce;
    }

    /** Counts one line (already classified). */
    public void add(Classified c) {
        lines++;
        if (c instanceof Classified.KernelLine k) {
            kernel(k.record());
        } else if (c instanceof Classified.ServiceLine s) {
            service(s);
        }
    }

    private void time(Instant t) {
        if (t != null) {
            first = first == null || t.isBefore(first) ? t : first;
            last = last == null || t.isAfter(last) ? t : last;
        }
    }

    private void kernel(KernelLogRecord r) {
        kernelLines++;
        time(r.time());
        String src = r.src().toString();
        packetSources.add(src);
        EventKind kind = LogEvents.kernelKind(r);
        if (kind == EventKind.DROP || kind == EventKind.SCAN_PROBE) {
            droppedSources.add(src);
        }
        if (r.dport() >= 0) {
            ports.add(r.protoName() + "/" + r.dport());
        }
        protocols.add(r.protoName());
        prefixes.add(r.prefix().isEmpty() ? "(none)" : r.prefix());
        scans.observe(r);
    }

    private void service(Classified.ServiceLine s) {
        serviceLines++;
        time(s.time());
        String host = s.match().host();
        String key = s.service() + " " + host;
        failures.add(key);
        if (s.match().user() != null && !s.match().user().isEmpty()) {
            Set<String> users = usersBySource.computeIfAbsent(key, k -> new LinkedHashSet<>());
            if (users.size() < 20) {
                users.add(s.match().user());
            }
        }
        IpAddress addr = Scan.address(host, 0, host.length());
        if (addr == null || s.time() == null) {
            return; // a DNS name or an undated line: counted, but no ban decision
        }
        BruteForceDetector d = detectors.computeIfAbsent(s.service(), k -> new BruteForceDetector(bruteForce));
        String banKey = s.service() + " " + d.keyOf(addr);
        Instant until = bannedUntil.get(banKey);
        if (until != null && s.time().isBefore(until)) {
            return; // the firewall would have dropped this source: its failure would not have been logged
        }
        BanDecision ban = d.failure(addr, s.time());
        if (ban != null) {
            Ban prev = bans.get(banKey);
            bans.put(banKey, new Ban(s.service(), ban.target().toString(), prev == null ? 1 : prev.bans() + 1, ban));
            if (bannedUntil.size() < MAX_KEYS) {
                bannedUntil.put(banKey, ban.until());
            }
        }
    }

    public long lines() {
        return lines;
    }

    public long kernelLines() {
        return kernelLines;
    }

    public long serviceLines() {
        return serviceLines;
    }

    /** Time of the earliest dated line counted, or null. */
    public Instant first() {
        return first;
    }

    public Instant last() {
        return last;
    }

    /** Sources of dropped (or scan-probe) packets, most first. */
    public List<Map.Entry<String, Long>> topDroppedSources(int n) {
        return droppedSources.top(n);
    }

    /** Packets logged per source, any prefix. */
    public long packetsFrom(String source) {
        return packetSources.get(source);
    }

    /** Destination ports as {@code proto/port}, most first. */
    public List<Map.Entry<String, Long>> topPorts(int n) {
        return ports.top(n);
    }

    public List<Map.Entry<String, Long>> protocols() {
        return protocols.top(Integer.MAX_VALUE);
    }

    public List<Map.Entry<String, Long>> prefixes() {
        return prefixes.top(Integer.MAX_VALUE);
    }

    /** Authentication failures per {@code service source}, most first. */
    public List<Map.Entry<String, Long>> topFailures(int n) {
        return failures.top(n);
    }

    /** User names tried by {@code service source} (at most 20). */
    public Set<String> users(String serviceAndSource) {
        return usersBySource.getOrDefault(serviceAndSource, Set.of());
    }

    public List<ScanDetection> scans() {
        return scans.detections();
    }

    /**
     * Sources the brute-force detector would have banned, most bans first. A source's failures while its
     * ban would have been in force are not counted (the firewall would have kept it out).
     */
    public List<Ban> bans() {
        List<Ban> out = new ArrayList<>(bans.values());
        out.sort((a, b) -> a.bans() != b.bans() ? Integer.compare(b.bans(), a.bans()) : a.source().compareTo(b.source()));
        return out;
    }
}
