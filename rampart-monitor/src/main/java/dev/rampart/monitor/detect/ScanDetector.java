package dev.rampart.monitor.detect;

import dev.rampart.model.net.IpAddress;
import dev.rampart.monitor.parse.KernelLogRecord;
import dev.rampart.monitor.parse.TcpFlags;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Detects port scans, protocol scans and sweeps in kernel LOG packets, attributing each to its source,
 * as psad does: per source, within {@link ScanSettings#window()}, it counts packets, distinct destination
 * ports, hosts and IP protocols and the probes by kind (TCP flag class, UDP, ICMP). A source is a scanner
 * when it probed at least {@code minProtocols} protocols (protocol scan), else at least {@code minPorts}
 * ports (a port scan named after its most frequent probe: SYN, FIN, NULL, XMAS, ACK, other TCP flags,
 * UDP), else at least {@code minHosts} hosts (a sweep, or ICMP probes), and sent at least the packets of
 * danger level 1. The danger level grows with the packet count (psad's DANGER_LEVEL1..5).
 *
 * <p>The detector is a pure function of the packets and their times: feed it with {@link #observe} in
 * log order. It reports a source when it first qualifies and again each time its danger level rises, so
 * a daemon can alert or ban on the returned detection. State is bounded: at most
 * {@link ScanSettings#maxSources()} sources (least recently seen evicted first, counted by
 * {@link #evictions()}), each with port/host sets capped at {@link ScanSettings#maxSetSize()}; hosts are
 * remembered by a 32-bit hash of the address, so two destinations that collide count once. Packets
 * without a time never expire. Not thread-safe.
 */
public final class ScanDetector {
    private static final int CLASSES = 9;
    private static final int C_UDP = 6;
    private static final int C_ICMP = 7;
    private static final int C_OTHER = 8;
    private static final ScanType[] TYPE_OF_CLASS = {ScanType.SYN, ScanType.FIN, ScanType.NULL, ScanType.XMAS,
        ScanType.ACK, ScanType.TCP_OTHER, ScanType.UDP, ScanType.ICMP, ScanType.PROTOCOL};

    /** Scans whose window ended (or whose source was evicted) kept for {@link #detections()}, at most. */
    public static final int MAX_FINISHED = 10_000;

    private final ScanSettings settings;
    private long evictions;
    private final java.util.ArrayDeque<ScanDetection> finished = new java.util.ArrayDeque<>();
    private final Map<IpAddress, Source> sources;

    /** What is known about one source within the window. */
    private static final class Source {
        Instant first;
        Instant last;
        long packets;
        final long[] byClass = new long[CLASSES];
        final IntSet ports;
        final IntSet hosts;
        final long[] protocols = new long[4];
        int protocolCount;
        int lowPort = -1;
        int highPort = -1;
        int reportedDanger;

        Source(int cap) {
            ports = new IntSet(cap);
            hosts = new IntSet(cap);
        }
    }

    public ScanDetector(ScanSettings settings) {
        this.settings = settings;
        this.sources = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<IpAddress, Source> eldest) {
                if (size() > settings.maxSources()) {
                    evictions++;
                    finish(eldest.getKey(), eldest.getValue());
                    return true;
                }
                return false;
            }
        };
    }

    public ScanSettings settings() {
        return settings;
    }

    /** Sources evicted because {@link ScanSettings#maxSources()} was reached. */
    public long evictions() {
        return evictions;
    }

    /** Sources tracked now. */
    public int trackedSources() {
        return sources.size();
    }

    /**
     * Counts {@code packet}; returns a detection when its source now first qualifies as a scanner or its
     * danger level rose, else null.
     */
    public ScanDetection observe(KernelLogRecord packet) {
        Instant t = packet.time();
        Source s = sources.get(packet.src());
        if (s != null && t != null && s.first != null && (t.isAfter(s.first.plus(settings.window()))
                || t.isBefore(s.first.minus(settings.window())))) {
            // the window ended (or the input went back in time by more than a window: another log)
            sources.remove(packet.src());
            finish(packet.src(), s);
            s = null;
        }
        if (s == null) {
            s = new Source(settings.maxSetSize());
            s.first = t;
            sources.put(packet.src(), s);
        }
        if (t != null) {
            s.first = s.first == null || t.isBefore(s.first) ? t : s.first;
            s.last = s.last == null || t.isAfter(s.last) ? t : s.last;
        }
        s.packets++;
        s.byClass[probeClass(packet)]++;
        if (packet.dport() >= 0) {
            s.ports.add(packet.dport());
            s.lowPort = s.lowPort < 0 ? packet.dport() : Math.min(s.lowPort, packet.dport());
            s.highPort = Math.max(s.highPort, packet.dport());
        }
        IpAddress d = packet.dst();
        s.hosts.add((int) (d.hi() ^ (d.hi() >>> 32) ^ d.lo() ^ (d.lo() >>> 32)) & 0x7FFFFFFF);
        if (packet.proto() >= 0 && packet.proto() < 256) {
            long bit = 1L << (packet.proto() & 63);
            if ((s.protocols[packet.proto() >>> 6] & bit) == 0) {
                s.protocols[packet.proto() >>> 6] |= bit;
                s.protocolCount++;
            }
        }
        ScanDetection det = detection(packet.src(), s);
        if (det != null && det.danger() > s.reportedDanger) {
            s.reportedDanger = det.danger();
            return det;
        }
        return null;
    }

    private void finish(IpAddress src, Source s) {
        ScanDetection d = detection(src, s);
        if (d != null) {
            if (finished.size() >= MAX_FINISHED) {
                finished.removeFirst();
            }
            finished.addLast(d);
        }
    }

    /**
     * Every scan seen: those whose window has ended (the last {@link #MAX_FINISHED}) and every tracked
     * source that qualifies as a scanner now, most packets first.
     */
    public List<ScanDetection> detections() {
        List<ScanDetection> out = new ArrayList<>(finished);
        for (Map.Entry<IpAddress, Source> e : sources.entrySet()) {
            ScanDetection d = detection(e.getKey(), e.getValue());
            if (d != null) {
                out.add(d);
            }
        }
        out.sort((a, b) -> Long.compare(b.packets(), a.packets()));
        return out;
    }

    private ScanDetection detection(IpAddress src, Source s) {
        int danger = settings.danger(s.packets);
        if (danger == 0) {
            return null;
        }
        ScanType type;
        if (s.protocolCount >= settings.minProtocols()) {
            type = ScanType.PROTOCOL;
        } else if (s.ports.size() >= settings.minPorts()) {
            type = dominant(s, 0, C_UDP);
        } else if (s.hosts.size() >= settings.minHosts()) {
            type = s.byClass[C_ICMP] * 2 > s.packets ? ScanType.ICMP : ScanType.SWEEP;
        } else {
            return null;
        }
        return new ScanDetection(src, type, danger, s.packets, s.ports.size(), s.hosts.size(), s.protocolCount,
                s.lowPort, s.highPort, s.first, s.last);
    }

    /** The most frequent probe class among classes {@code from..to} (inclusive). */
    private static ScanType dominant(Source s, int from, int to) {
        int best = from;
        for (int c = from + 1; c <= to; c++) {
            if (s.byClass[c] > s.byClass[best]) {
                best = c;
            }
        }
        return TYPE_OF_CLASS[best];
    }

    /** The probe class of a packet: TCP by flags (SYN, FIN, NULL, XMAS, ACK, other), UDP, ICMP, other. */
    static int probeClass(KernelLogRecord p) {
        switch (p.proto()) {
            case KernelLogRecord.PROTO_TCP -> {
                int f = p.tcpFlags() & (TcpFlags.FIN | TcpFlags.SYN | TcpFlags.RST | TcpFlags.PSH | TcpFlags.ACK
                        | TcpFlags.URG);
                if (f == TcpFlags.SYN) {
                    return 0;
                }
                if (f == TcpFlags.FIN) {
                    return 1;
                }
                if (f == 0) {
                    return 2;
                }
                if (f == (TcpFlags.FIN | TcpFlags.PSH | TcpFlags.URG)) {
                    return 3;
                }
                if (f == TcpFlags.ACK) {
                    return 4;
                }
                return 5;
            }
            case KernelLogRecord.PROTO_UDP, KernelLogRecord.PROTO_UDPLITE -> {
                return C_UDP;
            }
            case KernelLogRecord.PROTO_ICMP, KernelLogRecord.PROTO_ICMPV6 -> {
                return C_ICMP;
            }
            default -> {
                return C_OTHER;
            }
        }
    }
}
