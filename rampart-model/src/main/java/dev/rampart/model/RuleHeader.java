package dev.rampart.model;

import dev.rampart.model.net.IpPrefix;
import dev.rampart.model.net.Protocol;

/**
 * The fixed part of a rule that every rule has ({@code -s -d -i -o -p -f}). A null address, interface
 * or protocol means "any" and is not printed. Interfaces may end in {@code +} (prefix wildcard).
 */
public record RuleHeader(IpPrefix source, boolean sourceInverted, IpPrefix destination, boolean destinationInverted,
                         String inInterface, boolean inInverted, String outInterface, boolean outInverted,
                         Protocol protocol, boolean protocolInverted, Fragment fragment) {

    /** A header that matches every packet. */
    public static final RuleHeader ANY =
            new RuleHeader(null, false, null, false, null, false, null, false, null, false, Fragment.ANY);

    public RuleHeader {
        if (fragment == null) {
            fragment = Fragment.ANY;
        }
    }

    /** This header with another source and destination. */
    public RuleHeader withAddresses(IpPrefix src, IpPrefix dst) {
        return new RuleHeader(src, sourceInverted, dst, destinationInverted, inInterface, inInverted, outInterface,
                outInverted, protocol, protocolInverted, fragment);
    }
}
