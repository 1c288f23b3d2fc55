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
                CommentMatch.EXTENSION
                // --- group A: connection state and rate (helper A)
                , StateMatch.EXTENSION
                , ConntrackMatch.EXTENSION
                , MultiportMatch.EXTENSION
                , LimitMatch.EXTENSION
                , HashlimitMatch.EXTENSION
                , RecentMatch.EXTENSION
                , SetMatch.EXTENSION
                , IprangeMatch.EXTENSION
                , MacMatch.EXTENSION
                , PkttypeMatch.EXTENSION
                , MarkMatch.EXTENSION
                , ConnmarkMatch.EXTENSION
                , AddrtypeMatch.EXTENSION
                , OwnerMatch.EXTENSION
                , StatisticMatch.EXTENSION
                , ConnlimitMatch.EXTENSION
                , HelperMatch.EXTENSION
                , ConnbytesMatch.EXTENSION
                , QuotaMatch.EXTENSION
                , CpuMatch.EXTENSION
                , SocketMatch.EXTENSION
                , IpvsMatch.EXTENSION
                , CgroupMatch.EXTENSION
                , ClusterMatch.EXTENSION
                , NfacctMatch.EXTENSION
                , ConnlabelMatch.EXTENSION
                // --- end group A
                // --- group B: packet properties and more protocols (helper B)
                // --- end group B
        );
    }
}
