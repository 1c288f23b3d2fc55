package dev.rampart.analysis.spoofing;

import dev.rampart.sim.engine.CounterRef;
import dev.rampart.sim.packet.Packet;
import java.util.List;

/**
 * Spoofed packets of one interface that one rule accepts: the rule ({@code table chain rule N}, or
 * the policy), the spoofed sources it accepts as CIDR blocks, and a concrete packet that shows it.
 *
 * @param rule the rule (or policy) that accepts the packets
 * @param path the rules that lead to it, outermost first: the jumps from the built-in chain, then {@code rule}
 * @param sources the spoofed source addresses it accepts (CIDR blocks, address order)
 * @param complete false when the class had more boxes than were collected, so {@code sources} is a
 *                 subset of the truth (the witness is still accepted)
 * @param witness a packet of the class: arrives on the interface with a spoofed source and is accepted
 * @param certain true when the packets are certainly accepted; false when only an approximated match
 *                (named in {@code approximations}) lets them through, or may stop them
 * @param approximations why the result rests on an approximation (rule named); empty when exact
 */
public record Leak(CounterRef rule, List<CounterRef> path, List<String> sources, boolean complete, Packet witness, boolean certain,
                   List<String> approximations) {

    public Leak {
        path = List.copyOf(path);
        sources = List.copyOf(sources);
        approximations = List.copyOf(approximations);
    }
}
