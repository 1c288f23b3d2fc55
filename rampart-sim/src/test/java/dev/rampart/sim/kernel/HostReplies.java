package dev.rampart.sim.kernel;

import dev.rampart.model.Chain;
import dev.rampart.model.Rule;
import dev.rampart.model.Ruleset;
import dev.rampart.model.Table;
import dev.rampart.model.target.Goto;
import dev.rampart.model.target.Jump;
import dev.rampart.sim.engine.CounterRef;
import dev.rampart.sim.packet.Packet;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Separates the counters a packet moved from those the firewall's own answers moved. A packet that
 * arrives for the firewall can make it send something back — a TCP reset, an ICMP error from REJECT
 * (rate-limited, so only sometimes), a neighbour solicitation — and those go through OUTPUT and
 * POSTROUTING while the counters are being read. A packet on the INPUT path can only move counters of
 * chains reachable from PREROUTING and INPUT, so counters of chains reachable only from OUTPUT and
 * POSTROUTING are dropped from the kernel's set for such packets. Chains reachable from both keep all
 * their counters: noise there still shows as a mismatch.
 */
final class HostReplies {
    private HostReplies() {
    }

    static Set<CounterRef> withoutOwnReplies(Ruleset ruleset, Packet packet, Set<CounterRef> moved) {
        if (packet.in() == null || packet.out() != null) {
            return moved;
        }
        Set<String> reachable = reachable(ruleset, List.of("PREROUTING", "INPUT"));
        return moved.stream().filter(c -> reachable.contains(c.table().id() + ":" + c.chain()))
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    }

    /** {@code table:chain} of every chain reachable from the given built-in chains, in every table. */
    static Set<String> reachable(Ruleset ruleset, List<String> builtins) {
        Set<String> seen = new HashSet<>();
        for (Table t : ruleset.tables()) {
            ArrayDeque<String> todo = new ArrayDeque<>(builtins);
            while (!todo.isEmpty()) {
                String name = todo.pop();
                if (!seen.add(t.name().id() + ":" + name)) {
                    continue;
                }
                Chain c = t.chain(name).orElse(null);
                if (c == null) {
                    continue;
                }
                for (Rule r : c.rules()) {
                    if (r.target() instanceof Jump j) {
                        todo.push(j.chain());
                    } else if (r.target() instanceof Goto g) {
                        todo.push(g.chain());
                    }
                }
            }
        }
        return seen;
    }
}
