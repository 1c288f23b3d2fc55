package dev.rampart.model;

/** Packet and byte counters of a rule or chain policy, as {@code [packets:bytes]}. */
public record Counters(long packets, long bytes) {
    /** No traffic counted. */
    public static final Counters ZERO = new Counters(0, 0);

    public Counters {
        if (packets < 0 || bytes < 0) {
            throw new IllegalArgumentException("counters must not be negative");
        }
    }

    /** {@code [packets:bytes]}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(8);
        appendTo(sb);
        return sb.toString();
    }

    /** Appends {@code [packets:bytes]} as {@link #toString()} prints it, without intermediate strings. */
    public void appendTo(StringBuilder sb) {
        // the constructor rejects negative values, so plain decimal printing equals the unsigned form
        sb.append('[').append(packets).append(':').append(bytes).append(']');
    }
}
