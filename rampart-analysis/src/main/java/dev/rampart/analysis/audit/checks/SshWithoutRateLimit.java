package dev.rampart.analysis.audit.checks;

import dev.rampart.analysis.audit.AuditedRuleset;
import dev.rampart.analysis.audit.Finding;
import dev.rampart.analysis.audit.RuleRef;
import dev.rampart.analysis.audit.Severity;
import dev.rampart.analysis.decision.DecisionDiagram;
import dev.rampart.analysis.decision.Instruction;
import dev.rampart.analysis.decision.Outcome;
import dev.rampart.analysis.decision.Program;
import dev.rampart.analysis.space.Box;
import dev.rampart.analysis.space.IntervalSet;
import dev.rampart.analysis.space.PacketSet;
import dev.rampart.sim.engine.CounterRef;
import dev.rampart.sim.packet.Packet;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * RA127: new SSH connections (TCP SYN to port 22, conntrack NEW, not on the loopback device) are
 * accepted by filter INPUT from at least half of the address space (see {@link ServiceAccess} for the
 * exact definition) and no class of them passes a rate-limiting rule ({@code -m limit}, {@code hashlimit},
 * {@code recent}, {@code connlimit}, on the rule or on a jump leading to it) that may decide it. The
 * witness is an accepted SYN; the accepting rules are named.
 */
public final class SshWithoutRateLimit extends AbstractCheck {
    /** The SSH port. */
    static final int SSH = 22;

    public SshWithoutRateLimit() {
        super("RA127", "SSH reachable from anywhere without a rate limit", Severity.MEDIUM,
                "An SSH port open to the whole internet is probed by password-guessing bots within minutes. A rate "
                        + "limit on new connections (recent or hashlimit) slows brute force down by orders of "
                        + "magnitude and keeps the logs readable; restricting the sources removes the exposure.");
    }

    @Override
    void check(AuditedRuleset r, List<Finding> out) {
        Optional<Program> program = ServiceAccess.input(r);
        if (program.isEmpty()) {
            return;
        }
        PacketSet domain = ServiceAccess.attempts(r.space(), ServiceAccess.TCP, IntervalSet.point(SSH));
        if (domain.isEmpty()) {
            return;
        }
        DecisionDiagram dd = ServiceAccess.diagram(program.get(), domain);
        List<Box> open = dd.boxes(leaf -> unlimited(r, leaf.outcome(0)), ServiceAccess.MAX_BOXES);
        if (open.isEmpty()) {
            return;
        }
        BigInteger sources = ServiceAccess.sources(open);
        if (!ServiceAccess.fromAnywhere(sources, r.family())) {
            return;
        }
        Set<CounterRef> accepting = new LinkedHashSet<>();
        List<String> reasons = new ArrayList<>();
        for (DecisionDiagram.Node leaf : dd.leaves()) {
            Outcome o = leaf.outcome(0);
            if (unlimited(r, o)) {
                accepting.add(ServiceAccess.accepting(o).origin());
                reasons.addAll(o.approximations());
            }
        }
        Packet witness = r.space().ofBoxes(open.subList(0, Math.min(open.size(), 50))).witness();
        DecisionDiagram.Node wl = dd.classify(witness);
        CounterRef main = wl == null ? accepting.iterator().next() : ServiceAccess.accepting(wl.outcome(0)).origin();
        List<RuleRef> refs = new ArrayList<>();
        refs.add(Programs.ref(r, main));
        for (CounterRef c : accepting) {
            if (!c.equals(main) && refs.size() < 5) {
                refs.add(Programs.ref(r, c));
            }
        }
        String v = r.family() == dev.rampart.model.Family.IPV4 ? "IPv4" : "IPv6";
        out.add(Finding.of(this, "new SSH connections (tcp port 22) from " + ServiceAccess.share(sources, r.family())
                        + " of all " + v + " source addresses are accepted by filter INPUT with no rate limit on their "
                        + "path: " + Programs.describe(r, main) + " accepts them"
                        + (accepting.size() > 1 ? " (and " + (accepting.size() - 1) + " more rules)" : ""))
                .rules(refs).witness(witness).approximations(reasons).fix(fix(r, main)).build());
    }

    /** Accepted, and no rule that may decide the class instead limits a rate. */
    private static boolean unlimited(AuditedRuleset r, Outcome o) {
        Instruction a = ServiceAccess.accepting(o);
        if (a == null || Programs.rateLimited(r, a)) {
            return false;
        }
        for (Instruction m : o.maybeDeciders()) {
            if (Programs.rateLimited(r, m)) {
                return false;
            }
        }
        return true;
    }

    /** The seeds' {@code recent} pair, inserted before the accepting rule (or at the top of INPUT). */
    private static String fix(AuditedRuleset r, CounterRef accepting) {
        String chain = accepting.isPolicy() ? "INPUT" : accepting.chain();
        int at = accepting.isPolicy() ? 1 : accepting.rule();
        String c = r.command();
        return "# slow down password guessing: at most 4 new connections per source and minute\n"
                + c + " -I " + chain + " " + at + " -p tcp -m tcp --dport 22 -m conntrack --ctstate NEW -m recent --set --name SSH\n"
                + c + " -I " + chain + " " + (at + 1) + " -p tcp -m tcp --dport 22 -m conntrack --ctstate NEW -m recent --update"
                + " --seconds 60 --hitcount 4 --name SSH -j DROP\n"
                + "# or, better, accept SSH only from the networks administrators use (-s ADDR/LEN or -m set --match-set admins src)";
    }
}
