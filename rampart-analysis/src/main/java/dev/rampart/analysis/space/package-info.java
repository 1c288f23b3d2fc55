/**
 * The packet-space engine: sets of packets over the header fields the model's matches test, with union,
 * intersection, difference/complement, emptiness and a concrete witness packet, and the translation of
 * rule headers and typed matches into such sets.
 *
 * <p>Design. A {@link dev.rampart.analysis.space.PacketSet} is a union of boxes (hyperrectangles), each
 * the product of one {@link dev.rampart.analysis.space.IntervalSet} per
 * {@link dev.rampart.analysis.space.Dimension}. This is the representation of fffuu (C. Diekmann,
 * J. Michaelis, M. Haslbeck, G. Carle, "Verified iptables Firewall Analysis", IFIP Networking 2016; its
 * IP address and port sets are word-interval unions, {@code WordInterval} in the Isabelle sources) lifted
 * to all dimensions, and close to the wildcard-expression unions of Header Space Analysis (P. Kazemian,
 * G. Varghese, N. McKeown, "Header Space Analysis: Static Checking for Networks", NSDI 2012), with
 * interval sets instead of ternary bit strings so that port and address ranges need no prefix
 * expansion. It was chosen over BDDs (no BDD library is reachable from this machine's Maven mirror) for
 * its direct witnesses and because firewall rules test few, mostly range-shaped fields: the number of
 * boxes grows with the number of distinct ranges a ruleset uses, which merging of adjacent boxes and
 * dropping of subsumed ones keeps small. Bit-masked tests ({@code --mark v/m} with free high bits) are
 * where intervals are weak; those are approximated.
 *
 * <p>Every set lives in a {@link dev.rampart.analysis.space.PacketSpace} (family plus the ruleset's
 * interface alphabet); {@link dev.rampart.analysis.space.PacketSets} translates headers and matches into
 * {@link dev.rampart.analysis.space.Translation}s, exact or an over/under approximation with a reason.
 * {@code docs/analysis-packet-space.md} lists the dimensions and which matches are exact.
 */
package dev.rampart.analysis.space;
