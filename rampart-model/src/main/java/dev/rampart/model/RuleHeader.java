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

    /** Headers that only test a protocol (or nothing), by protocol number and inversion: shared. */
    private static final RuleHeader[][] PROTOCOL_ONLY = new RuleHeader[257][2];

    static {
        for (int p = 0; p < 256; p++) {
            PROTOCOL_ONLY[p][0] = new RuleHeader(null, false, null, false, null, false, null, false,
                    dev.rampart.model.net.Protocol.of(p), false, Fragment.ANY);
            PROTOCOL_ONLY[p][1] = new RuleHeader(null, false, null, false, null, false, null, false,
                    dev.rampart.model.net.Protocol.of(p), true, Fragment.ANY);
        }
    }

    /**
     * This header, or an equal shared instance when it tests nothing but (maybe) the protocol: most
     * rules of big rulesets have such a header, and sharing it saves one object per rule.
     */
    public RuleHeader shared() {
        if (source != null || destination != null || inInterface != null || outInterface != null
                || fragment != Fragment.ANY || sourceInverted || destinationInverted || inInverted || outInverted) {
            return this;
        }
        if (protocol == null) {
            return protocolInverted ? this : ANY;
        }
        return PROTOCOL_ONLY[protocol.number()][protocolInverted ? 1 : 0];
    }

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
