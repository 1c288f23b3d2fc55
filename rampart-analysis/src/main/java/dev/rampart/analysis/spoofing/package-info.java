/**
 * Spoofing protection (fffuu's anti-spoofing certification, Diekmann et al., "Verified iptables
 * Firewall Analysis", IFIP Networking 2016, section 5): given which source addresses belong behind
 * which interface ({@link dev.rampart.analysis.spoofing.InterfaceAssignment}, read by
 * {@link dev.rampart.analysis.spoofing.InterfacesFileParser}), {@link dev.rampart.analysis.spoofing.SpoofingCheck}
 * finds for every interface the packets with a source the interface does not own that the filter
 * table's INPUT or FORWARD chain accepts, with the accepting rule and a witness packet.
 */
package dev.rampart.analysis.spoofing;
