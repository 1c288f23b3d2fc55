package dev.rampart.policy.ir;

import dev.rampart.model.net.IpAddress;

/** What a compiled rule does with the packets it matches. */
public sealed interface Action permits Action.Accept, Action.Drop, Action.Reject, Action.Return, Action.Log,
        Action.Jump, Action.Dnat, Action.Masquerade, Action.None {

    /** Accept the packet. */
    record Accept() implements Action {
    }

    /** Drop the packet. */
    record Drop() implements Action {
    }

    /** Reject: TCP with a reset, everything else with port-unreachable. {@code tcpReset} for TCP-only rules. */
    record Reject(boolean tcpReset) implements Action {
    }

    /** Return to the calling chain. */
    record Return() implements Action {
    }

    /** Log with a prefix and a syslog level (0..7); the packet continues. */
    record Log(String prefix, int level) implements Action {
    }

    /** Jump to a user chain. */
    record Jump(String chain) implements Action {
    }

    /** Destination NAT to an address and optional port. */
    record Dnat(IpAddress address, Integer port) implements Action {
    }

    /** Source NAT to the outgoing interface's address. */
    record Masquerade() implements Action {
    }

    /** No verdict: the rule only records state (e.g. {@code recent --set}) and the packet continues. */
    record None() implements Action {
    }
}
