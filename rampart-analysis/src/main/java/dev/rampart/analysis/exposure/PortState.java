package dev.rampart.analysis.exposure;

import dev.rampart.sim.engine.CounterRef;
import java.util.List;

/**
 * What a port scan from one address would find on one port.
 *
 * @param protocol 6 (TCP, as {@code nmap -sS}) or 17 (UDP, as {@code nmap -sU})
 * @param port the port
 * @param verdict {@code ACCEPT}, {@code DROP}, {@code REJECT} or {@code MIXED} (depends on the interface
 *                or another field)
 * @param rejectWith the REJECT type ({@code tcp-reset}, {@code icmp-port-unreachable}, ...), or null
 * @param nmap the state nmap reports when a service listens on every accepted port: {@code open},
 *             {@code closed}, {@code filtered}, {@code open|filtered} (UDP without an answer), or
 *             {@code unknown} for a MIXED verdict
 * @param rule the deciding rule
 * @param note why the state differs from what the verdict alone suggests (e.g. replies dropped in
 *             OUTPUT), or null
 * @param approximations why the verdict is not certain; empty when exact
 */
public record PortState(int protocol, int port, String verdict, String rejectWith, String nmap, CounterRef rule,
                        String note, List<String> approximations) {

    public PortState {
        approximations = List.copyOf(approximations);
    }
}
