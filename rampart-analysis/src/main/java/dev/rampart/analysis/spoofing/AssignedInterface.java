package dev.rampart.analysis.spoofing;

import dev.rampart.model.Family;
import dev.rampart.model.net.IpPrefix;
import java.util.List;

/**
 * The source addresses that may legitimately arrive on one interface: the prefixes listed for it, and,
 * with {@code everythingElse}, every address of the family that no other interface of the file lists
 * (the internet behind an uplink). An empty entry means no packet may arrive on the interface at all.
 *
 * @param name the interface name, exactly as the kernel names the device ({@code eth1}, {@code vlan110})
 * @param prefixes the prefixes listed for it, IPv4 and IPv6 mixed, in file order
 * @param everythingElse whether the file lists {@value InterfaceAssignment#EVERYTHING_ELSE} for it
 */
public record AssignedInterface(String name, List<IpPrefix> prefixes, boolean everythingElse) {

    public AssignedInterface {
        prefixes = List.copyOf(prefixes);
    }

    /** The listed prefixes of {@code family}. */
    public List<IpPrefix> prefixes(Family family) {
        return prefixes.stream().filter(p -> p.family() == family).toList();
    }
}
