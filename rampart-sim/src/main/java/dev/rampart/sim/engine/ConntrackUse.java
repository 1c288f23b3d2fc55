package dev.rampart.sim.engine;

import dev.rampart.model.Chain;
import dev.rampart.model.Rule;
import dev.rampart.model.Ruleset;
import dev.rampart.model.Table;
import dev.rampart.model.TableName;
import dev.rampart.model.match.ConnbytesMatch;
import dev.rampart.model.match.ConnlabelMatch;
import dev.rampart.model.match.ConnlimitMatch;
import dev.rampart.model.match.ConnmarkMatch;
import dev.rampart.model.match.ConntrackMatch;
import dev.rampart.model.match.HelperMatch;
import dev.rampart.model.match.Match;
import dev.rampart.model.match.StateMatch;
import dev.rampart.model.target.ConnmarkTarget;
import dev.rampart.model.target.ConnsecmarkTarget;
import dev.rampart.model.target.CtTarget;
import dev.rampart.model.target.NotrackTarget;
import dev.rampart.model.target.Target;

/**
 * Decides whether a ruleset makes the kernel track connections: xtables extensions that need conntrack
 * take a reference on it for the namespace ({@code nf_ct_netns_get}) when their rule is loaded, and the
 * nat table needs it for its hooks. Tracking also turns on defragmentation ({@code nf_defrag_ipv4/6}).
 */
final class ConntrackUse {
    private ConntrackUse() {
    }

    static boolean of(Ruleset ruleset) {
        for (Table t : ruleset.tables()) {
            if (t.name() == TableName.NAT) {
                return true;
            }
            for (Chain c : t.chains()) {
                for (Rule r : c.rules()) {
                    if (needs(r)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean needs(Rule r) {
        for (Match m : r.matches()) {
            if (m instanceof StateMatch || m instanceof ConntrackMatch || m instanceof ConnmarkMatch
                    || m instanceof ConnbytesMatch || m instanceof ConnlabelMatch || m instanceof ConnlimitMatch
                    || m instanceof HelperMatch) {
                return true;
            }
        }
        Target t = r.target();
        return t instanceof ConnmarkTarget || t instanceof CtTarget || t instanceof NotrackTarget
                || t instanceof ConnsecmarkTarget;
    }
}
