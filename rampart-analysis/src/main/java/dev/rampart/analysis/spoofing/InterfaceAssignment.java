package dev.rampart.analysis.spoofing;

import dev.rampart.model.Family;
import java.util.List;
import java.util.Optional;

/**
 * Which source addresses belong behind which interface (fffuu's {@code ipassmt}): the input of the
 * spoofing check, read from an interfaces file ({@code docs/interfaces-format.md}) by
 * {@link InterfacesFileParser}. Interface names are unique. Immutable.
 */
public record InterfaceAssignment(List<AssignedInterface> interfaces) {
    /** The word that stands for "every address no other interface lists". */
    public static final String EVERYTHING_ELSE = "everything-else";
    /** The loopback device: it carries only packets this host sent to itself. */
    public static final String LOOPBACK = "lo";

    public InterfaceAssignment {
        interfaces = List.copyOf(interfaces);
        if (interfaces.stream().map(AssignedInterface::name).distinct().count() != interfaces.size()) {
            throw new IllegalArgumentException("an interface is listed twice");
        }
    }

    /** The entry of interface {@code name}. */
    public Optional<AssignedInterface> get(String name) {
        return interfaces.stream().filter(i -> i.name().equals(name)).findFirst();
    }

    /** Whether any interface lists a prefix of {@code family} (a family without one is not checked). */
    public boolean mentions(Family family) {
        return interfaces.stream().anyMatch(i -> !i.prefixes(family).isEmpty());
    }

    /** The interface names, in file order. */
    public List<String> names() {
        return interfaces.stream().map(AssignedInterface::name).toList();
    }
}
