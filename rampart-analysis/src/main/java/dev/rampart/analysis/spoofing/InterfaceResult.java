package dev.rampart.analysis.spoofing;

import dev.rampart.model.Family;
import java.util.List;

/**
 * The spoofing verdict for one interface in one built-in chain of one family's ruleset: fffuu's
 * certification "every packet from the interface that the chain accepts has a source the interface
 * owns" holds ({@code leaks} empty) or does not (each leak named with its rule and a witness).
 *
 * @param family the address family checked
 * @param chain the built-in filter chain (INPUT or FORWARD)
 * @param iface the input interface
 * @param allowed the sources the interface owns (CIDR blocks), as the interfaces file gives them
 * @param notOwned the other sources, the spoofed ones (CIDR blocks)
 * @param spoofedAccepted every spoofed source accepted from the interface, by any rule (CIDR blocks)
 * @param leaks the accepting rules, in program order
 */
public record InterfaceResult(Family family, String chain, String iface, List<String> allowed, List<String> notOwned,
                              List<String> spoofedAccepted, List<Leak> leaks) {

    public InterfaceResult {
        allowed = List.copyOf(allowed);
        notOwned = List.copyOf(notOwned);
        spoofedAccepted = List.copyOf(spoofedAccepted);
        leaks = List.copyOf(leaks);
    }

    /** Whether no spoofed packet from the interface is accepted (not even possibly). */
    public boolean isProtected() {
        return leaks.isEmpty();
    }

    /** Whether {@code spoofedAccepted} lists every accepted spoofed source (false: at least those). */
    public boolean sourcesComplete() {
        return leaks.stream().allMatch(Leak::complete);
    }

    /** Whether every spoofed source gets through (some packet from each is accepted). */
    public boolean everySpoofedSourceAccepted() {
        return !notOwned.isEmpty() && spoofedAccepted.equals(notOwned);
    }

    /** Whether some spoofed packet is certainly accepted (as opposed to only possibly). */
    public boolean certainlyLeaks() {
        return leaks.stream().anyMatch(Leak::certain);
    }
}
