package dev.rampart.model.match;

import dev.rampart.model.ext.MatchExtension;
import java.util.List;

/** Every match extension Rampart knows. */
public final class MatchCatalog {
    private MatchCatalog() {
    }

    /** All match extensions, in no particular order. */
    public static List<MatchExtension> all() {
        return List.of(
                // --- core
                TcpMatch.EXTENSION,
                UdpMatch.EXTENSION,
                IcmpMatch.EXTENSION,
                CommentMatch.EXTENSION,
                // --- group A: connection state and rate (helper A)
                StateMatch.EXTENSION,
                ConntrackMatch.EXTENSION,
                MultiportMatch.EXTENSION,
                LimitMatch.EXTENSION,
                HashlimitMatch.EXTENSION,
                RecentMatch.EXTENSION,
                SetMatch.EXTENSION,
                IprangeMatch.EXTENSION,
                MacMatch.EXTENSION,
                PkttypeMatch.EXTENSION,
                MarkMatch.EXTENSION,
                ConnmarkMatch.EXTENSION,
                AddrtypeMatch.EXTENSION,
                OwnerMatch.EXTENSION,
                StatisticMatch.EXTENSION,
                ConnlimitMatch.EXTENSION,
                HelperMatch.EXTENSION,
                ConnbytesMatch.EXTENSION,
                QuotaMatch.EXTENSION,
                CpuMatch.EXTENSION,
                SocketMatch.EXTENSION,
                IpvsMatch.EXTENSION,
                CgroupMatch.EXTENSION,
                ClusterMatch.EXTENSION,
                NfacctMatch.EXTENSION,
                ConnlabelMatch.EXTENSION,
                RateestMatch.EXTENSION,
                // --- end group A
                // --- group B: packet properties and more protocols (helper B)
                LengthMatch.EXTENSION,
                TtlMatch.EXTENSION,
                HlMatch.EXTENSION,
                TosMatch.EXTENSION,
                DscpMatch.EXTENSION,
                EcnMatch.EXTENSION,
                TimeMatch.EXTENSION,
                PhysdevMatch.EXTENSION,
                PolicyMatch.EXTENSION,
                StringMatch.EXTENSION,
                RpfilterMatch.EXTENSION,
                Icmp6Match.EXTENSION,
                SctpMatch.EXTENSION,
                DccpMatch.EXTENSION,
                EspMatch.EXTENSION,
                AhMatch.EXTENSION,
                AhMatch.EXTENSION6,
                IpcompMatch.EXTENSION,
                TcpmssMatch.EXTENSION,
                MhMatch.EXTENSION,
                FragMatch.EXTENSION,
                RtMatch.EXTENSION,
                DstMatch.EXTENSION,
                HbhMatch.EXTENSION,
                Ipv6headerMatch.EXTENSION,
                Eui64Match.EXTENSION,
                SrhMatch.EXTENSION,
                U32Match.EXTENSION,
                BpfMatch.EXTENSION,
                RealmMatch.EXTENSION,
                OsfMatch.EXTENSION,
                DevgroupMatch.EXTENSION
                // --- end group B
        );
    }
}
