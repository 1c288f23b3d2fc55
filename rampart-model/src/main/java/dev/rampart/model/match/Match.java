package dev.rampart.model.match;

import dev.rampart.model.write.SaveLine;

/**
 * A match module of a rule ({@code -m NAME ...}), typed per module. Modules Rampart does not know are
 * {@link UnknownMatch}, kept verbatim so they round-trip, and flagged so analyses can say they
 * approximate them.
 *
 * <p>Every match prints its own options in the canonical order of {@code iptables-save}.
 */
public sealed interface Match permits
        // --- protocol headers (core)
        TcpMatch, UdpMatch, IcmpMatch,
        // --- metadata (core)
        CommentMatch,
        // --- group A: connection state and rate (helper A)
        StateMatch,
        ConntrackMatch,
        MultiportMatch,
        LimitMatch,
        HashlimitMatch,
        RecentMatch,
        SetMatch,
        IprangeMatch,
        MacMatch,
        PkttypeMatch,
        MarkMatch,
        ConnmarkMatch,
        AddrtypeMatch,
        OwnerMatch,
        StatisticMatch,
        ConnlimitMatch,
        HelperMatch,
        ConnbytesMatch,
        QuotaMatch,
        CpuMatch,
        SocketMatch,
        IpvsMatch,
        CgroupMatch,
        ClusterMatch,
        NfacctMatch,
        ConnlabelMatch,
        RateestMatch,
        // --- end group A
        // --- group B: packet properties and more protocols (helper B)
        LengthMatch, TtlMatch, HlMatch, TosMatch, DscpMatch, EcnMatch, TimeMatch,
        PhysdevMatch, PolicyMatch, StringMatch, RpfilterMatch, Icmp6Match,
        SctpMatch, DccpMatch, EspMatch, AhMatch, IpcompMatch, TcpmssMatch, MhMatch,
        FragMatch, RtMatch, DstMatch, HbhMatch, Ipv6headerMatch, Eui64Match, SrhMatch,
        U32Match, BpfMatch, RealmMatch, OsfMatch, DevgroupMatch,
        // --- end group B
        UnknownMatch {

    /** The module name as written after {@code -m}. */
    String module();

    /** Appends {@code " --option value"} for each option, in iptables-save order. */
    void writeOptions(SaveLine out);

    /** Whether Rampart models this match exactly (false only for {@link UnknownMatch}). */
    default boolean isKnown() {
        return true;
    }
}
