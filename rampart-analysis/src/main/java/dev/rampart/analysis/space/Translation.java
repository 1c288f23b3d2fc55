package dev.rampart.analysis.space;

/**
 * The packets a rule header or match selects, as the packet space can express them: exactly, or
 * between an over- and an under-approximation with the reason. Analyses that use {@link #over()} or
 * {@link #under()} of an approximation must say in their result that they approximated, naming the
 * reason.
 */
public sealed interface Translation permits Translation.Exact, Translation.Approximation {

    /** A set containing every selected packet. */
    PacketSet over();

    /** A set of packets that are certainly selected. */
    PacketSet under();

    /** Whether over and under are the same, exact, set. */
    boolean isExact();

    /** What the approximation leaves out, or null when exact. */
    String reason();

    /** The packets selected by this and {@code other} together (a conjunction, as a rule's matches are). */
    default Translation and(Translation other) {
        if (this instanceof Exact a && other instanceof Exact b) {
            return new Exact(a.set().intersect(b.set()));
        }
        String r = reason() == null ? other.reason()
                : other.reason() == null ? reason() : reason() + "; " + other.reason();
        return new Approximation(over().intersect(other.over()), under().intersect(other.under()), r);
    }

    /** Exactly the packets of {@code set}. */
    record Exact(PacketSet set) implements Translation {
        @Override
        public PacketSet over() {
            return set;
        }

        @Override
        public PacketSet under() {
            return set;
        }

        @Override
        public boolean isExact() {
            return true;
        }

        @Override
        public String reason() {
            return null;
        }
    }

    /**
     * Some packets of {@code over} and all of {@code under} are selected ({@code under} is a subset of
     * {@code over}); {@code reason} says which match or part could not be expressed.
     */
    record Approximation(PacketSet over, PacketSet under, String reason) implements Translation {
        @Override
        public boolean isExact() {
            return false;
        }
    }
}
