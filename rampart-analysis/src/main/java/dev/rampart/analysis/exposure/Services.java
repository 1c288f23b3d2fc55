package dev.rampart.analysis.exposure;

import dev.rampart.analysis.decision.Action;
import dev.rampart.analysis.decision.Instruction;
import dev.rampart.analysis.decision.Program;
import dev.rampart.analysis.space.Box;
import dev.rampart.analysis.space.Dimension;
import dev.rampart.analysis.space.IntervalSet;
import dev.rampart.model.target.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The services a chain names: the TCP and UDP destination port ranges its ACCEPT rules open. */
public final class Services {
    /** Most services listed when none is asked for. */
    public static final int MAX_DISCOVERED = 64;

    private Services() {
    }

    /** The (protocol, port range) pairs ACCEPT rules of {@code program} name, in rule order, at most {@link #MAX_DISCOVERED}. */
    public static List<Service> named(Program program) {
        Set<Service> out = new LinkedHashSet<>();
        for (Instruction ins : program.instructions()) {
            if (!(ins.action() instanceof Action.Decide d) || d.target() != Verdict.ACCEPT) {
                continue;
            }
            for (Box b : ins.over().boxes()) {
                IntervalSet proto = b.get(Dimension.PROTOCOL);
                IntervalSet ports = b.get(Dimension.DPORT);
                if (ports.contains(Dimension.PORT_ABSENT) || ports.intervalCount() == 0) {
                    continue;
                }
                for (int p : List.of(6, 17)) {
                    if (!proto.contains(p)) {
                        continue;
                    }
                    for (int i = 0; i < ports.intervalCount() && out.size() < MAX_DISCOVERED; i++) {
                        if (ports.lo(i) == 0 && ports.hi(i) == 65535) {
                            continue;
                        }
                        out.add(new Service(p, (int) ports.lo(i), (int) Math.min(ports.hi(i), 65535)));
                    }
                }
            }
        }
        return new ArrayList<>(out);
    }
}
