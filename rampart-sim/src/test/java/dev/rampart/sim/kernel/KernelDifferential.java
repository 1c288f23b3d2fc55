package dev.rampart.sim.kernel;

import dev.rampart.model.Family;
import dev.rampart.model.Ruleset;
import dev.rampart.model.ipset.IpSetParser;
import dev.rampart.model.ipset.IpSets;
import dev.rampart.model.parse.RestoreParser;
import dev.rampart.sim.engine.CounterRef;
import dev.rampart.sim.engine.Simulator;
import dev.rampart.sim.packet.Packet;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs one kernel test case: loads the ruleset (and ipsets) into a {@link KernelLab} and into a
 * {@link Simulator}, then for each packet reads the kernel's counters, sends the packet, reads them
 * again, and compares the set of counters that moved with the simulator's {@code matched} list (as a
 * set: the kernel's counters do not say in which order they moved). Conntrack is flushed in both at
 * every {@link PacketLines.Flush} step, and before every packet when the case says its packets are
 * independent flows.
 *
 * <p>The kernel side always runs to the end, so a failing simulator still leaves a full report of what
 * the kernel did; a simulator that throws counts as a mismatch for that packet.
 */
final class KernelDifferential {
    /** Re-reads of the counters when a packet seems to have moved none: bounded wait for slow delivery. */
    private static final int EMPTY_REREADS = 2;
    private static final long REREAD_PAUSE_MILLIS = 15;

    private KernelDifferential() {
    }

    /** One case: a name for reports, the family, the restore text, ipsets (or null) and the steps. */
    record Case(String name, Family family, String rules, String ipsets, List<PacketLines.Step> steps,
                boolean independentPackets) {
    }

    /** One packet's comparison. {@code simulatorError} is set when the simulator threw instead. */
    record Check(String caseName, Packet packet, Set<CounterRef> kernel, Set<CounterRef> simulator,
                 String simulatorError) {
        boolean agrees() {
            return simulatorError == null && kernel.equals(simulator);
        }

        String report(long seed) {
            return "case " + caseName + ", packet " + packet.id() + "\n  packet:    " + PacketLines.toJson(packet)
                    + "\n  kernel:    " + kernel
                    + "\n  simulator: " + (simulatorError != null ? "threw " + simulatorError : simulator)
                    + "\n  seed:      " + seed;
        }
    }

    /** What a case produced: every check, in order. */
    record Outcome(Case kase, List<Check> checks, long seed) {
        List<Check> mismatches() {
            return checks.stream().filter(c -> !c.agrees()).toList();
        }

        /** A report of the first {@code max} mismatches, or "" when there are none. */
        String report(int max) {
            List<Check> bad = mismatches();
            if (bad.isEmpty()) {
                return "";
            }
            StringBuilder sb = new StringBuilder(bad.size() + " of " + checks.size()
                    + " packets of case " + kase.name() + " disagree with the kernel (seed " + seed + ")\n  ruleset:\n");
            kase.rules().lines().forEach(l -> sb.append("    ").append(l).append('\n'));
            if (kase.ipsets() != null) {
                kase.ipsets().lines().forEach(l -> sb.append("    ").append(l).append('\n'));
            }
            bad.stream().limit(max).forEach(c -> sb.append(c.report(seed)).append('\n'));
            return sb.toString();
        }
    }

    /** Parses a restore text as the simulator will see it; fails the case on parse errors. */
    static Ruleset parseRules(String name, Family family, String text) {
        RestoreParser.Result r = new RestoreParser(family).parse(text, name);
        if (r.diagnostics().hasErrors()) {
            throw new IllegalArgumentException("case " + name + " does not parse: " + r.diagnostics().all());
        }
        return r.ruleset();
    }

    static IpSets parseIpSets(String name, String text) {
        if (text == null || text.isBlank()) {
            return IpSets.EMPTY;
        }
        var r = new IpSetParser().parse(text, name);
        if (r.diagnostics().hasErrors()) {
            throw new IllegalArgumentException("ipsets of " + name + " do not parse: " + r.diagnostics().all());
        }
        return r.sets();
    }

    /** Runs {@code c} in {@code lab} (which is reset first) with simulator seed {@code seed}. */
    static Outcome run(KernelLab lab, Case c, long seed) {
        Ruleset ruleset = parseRules(c.name(), c.family(), c.rules());
        IpSets sets = parseIpSets(c.name(), c.ipsets());
        lab.reset();
        if (c.ipsets() != null && !c.ipsets().isBlank()) {
            lab.loadIpSets(c.ipsets());
        }
        lab.loadRules(c.family(), c.rules());
        Simulator sim = null;
        String simError = null;
        try {
            sim = Simulator.builder(ruleset).ipsets(sets).seed(seed).build();
        } catch (RuntimeException e) {
            simError = e.toString();
        }
        List<Check> checks = new ArrayList<>();
        CounterWatch watch = new CounterWatch(lab, c.family());
        for (PacketLines.Step step : c.steps()) {
            if (step instanceof PacketLines.Flush) {
                lab.flushConntrack();
                if (sim != null) {
                    sim.flushConntrack();
                }
                continue;
            }
            PacketLines.Send s = (PacketLines.Send) step;
            if (c.independentPackets()) {
                lab.flushConntrack();
                if (sim != null) {
                    sim.flushConntrack();
                }
            }
            // the kernel runs on the real clock: a packet without a time gets the instant it is sent, so
            // limit, recent and hashlimit see the same intervals in the simulator
            Packet packet = s.packet().time() != null ? s.packet()
                    : s.packet().toBuilder().time(java.time.Instant.now()).build();
            Set<CounterRef> kernel = HostReplies.withoutOwnReplies(ruleset, packet, watch.movedBy(packet));
            Set<CounterRef> simulated = Set.of();
            String error = simError;
            if (sim != null) {
                try {
                    simulated = new LinkedHashSet<>(sim.process(packet).matched());
                } catch (RuntimeException e) {
                    error = e.toString();
                }
            }
            checks.add(new Check(c.name(), packet, kernel, simulated, error));
        }
        return new Outcome(c, checks, seed);
    }

    /** The counters of {@code family} that sending {@code p} moved in the lab's firewall. */
    static Set<CounterRef> kernelMoved(KernelLab lab, Family family, Packet p) {
        return new CounterWatch(lab, family).movedBy(p);
    }

    /**
     * Reads the counters once per packet: the reading after one packet is the reading before the next
     * (nothing else sends in the lab), which halves the counter reads. When a packet seems to have moved
     * nothing, the counters are read again a bounded number of times in case delivery was slow.
     */
    static final class CounterWatch {
        private final KernelLab lab;
        private final Family family;
        private CounterSnapshot last;

        CounterWatch(KernelLab lab, Family family) {
            this.lab = lab;
            this.family = family;
            this.last = lab.counters(family);
        }

        Set<CounterRef> movedBy(Packet p) {
            CounterSnapshot before = last;
            lab.send(p);
            last = lab.counters(family);
            Set<CounterRef> moved = last.movedSince(before);
            for (int i = 0; i < EMPTY_REREADS && moved.isEmpty(); i++) {
                sleep(REREAD_PAUSE_MILLIS);
                last = lab.counters(family);
                moved = last.movedSince(before);
            }
            return moved;
        }
    }

    private static void sleep(long millis) {
        Pause.millis(millis);
    }
}
