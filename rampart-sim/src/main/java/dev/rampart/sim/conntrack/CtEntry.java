package dev.rampart.sim.conntrack;

/**
 * A tracked connection as matches and targets see it ({@code -m conntrack}, {@code -m connmark},
 * {@code CONNMARK}, {@code -m helper}, {@code -m connbytes}). The original tuple is the first packet's
 * as it arrived; the reply tuple is what a reply looks like after NAT.
 */
public interface CtEntry {

    /** Direction of the first packet, before NAT. */
    CtTuple original();

    /** Expected reply direction, NAT applied ({@code --ctrepl*}). */
    CtTuple reply();

    /** The connection mark ({@code ctmark}). */
    long mark();

    /** Sets the connection mark. */
    void setMark(long mark);

    /** Whether a reply was seen ({@code --ctstatus SEEN_REPLY}). */
    boolean seenReply();

    /** Whether the connection is assured ({@code --ctstatus ASSURED}). */
    boolean assured();

    /** Whether the connection is confirmed, i.e. its first packet left the stack ({@code CONFIRMED}). */
    boolean confirmed();

    /** Whether it was created by an expectation of a helper ({@code EXPECTED}). */
    boolean expected();

    /** Whether source NAT applies ({@code --ctstate SNAT}). */
    boolean snat();

    /** Whether destination NAT applies ({@code --ctstate DNAT}). */
    boolean dnat();

    /** The helper assigned ({@code -m helper}), or null. */
    String helper();

    /**
     * The connection whose helper expected this one ({@code ct->master}), or null when this connection
     * was not created from an expectation. {@code -m helper} and {@code -m cluster} look at the master.
     */
    default CtEntry master() {
        return null;
    }

    /** Remaining lifetime in seconds at {@code nowNanos} ({@code --ctexpire}). */
    long expiresInSeconds(long nowNanos);

    /** Packets seen in the original ({@code reply} false) or reply direction. */
    long packets(boolean reply);

    /** Bytes seen in the original ({@code reply} false) or reply direction. */
    long bytes(boolean reply);
}
