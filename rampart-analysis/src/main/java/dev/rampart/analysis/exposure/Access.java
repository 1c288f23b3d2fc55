package dev.rampart.analysis.exposure;

import dev.rampart.sim.engine.CounterRef;
import dev.rampart.sim.packet.Packet;
import java.util.List;

/**
 * What a chain does to one group of packets of a service: the target in words ({@code ACCEPT},
 * {@code DROP}, {@code REJECT --reject-with tcp-reset}, or {@code MIXED} when it depends on fields the
 * matrix does not show, such as the interface or TTL), a deciding rule and a witness packet.
 *
 * @param fate the target in words, or {@code MIXED}
 * @param destinations the destination addresses, as CIDRs ({@code any} for every destination)
 * @param rule a rule that decides (the first found)
 * @param witness a packet of the group
 * @param approximations why the fate is not certain (rules named); empty when exact
 * @param members the packets whose destination is in {@code destinations} (every other field free)
 */
public record Access(String fate, String destinations, CounterRef rule, Packet witness, List<String> approximations,
                     dev.rampart.analysis.space.PacketSet members) {

    /** The word for a fate that depends on other fields. */
    public static final String MIXED = "MIXED";

    public Access {
        approximations = List.copyOf(approximations);
    }
}
