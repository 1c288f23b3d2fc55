package dev.rampart.analysis.audit.checks;

import dev.rampart.analysis.audit.AuditedRuleset;
import dev.rampart.analysis.audit.ChainFacts;
import dev.rampart.analysis.audit.Finding;
import dev.rampart.analysis.audit.Severity;
import dev.rampart.model.Chain;
import dev.rampart.model.TableName;
import java.util.List;
import java.util.Optional;

/**
 * RA105: the rule accepting ESTABLISHED packets comes after {@value #LATE_AFTER} or more rules on the
 * traversal of filter INPUT, FORWARD or OUTPUT (counted along the path: the rules before it in each chain
 * of the path, jumps included).
 */
public final class EstablishedLate extends AbstractCheck {
    /** Rules before the ESTABLISHED accept from which it counts as late (rules). */
    public static final int LATE_AFTER = 10;

    public EstablishedLate() {
        super("RA105", "ESTABLISHED,RELATED accept placed late", Severity.LOW,
                "Almost every packet a host sees belongs to an established connection. Each of them is tested "
                        + "against every rule before the ESTABLISHED accept, which costs CPU on busy hosts, and any of "
                        + "those rules that drops (a new blocklist entry, a port rule) also cuts connections that are "
                        + "already open.");
    }

    @Override
    void check(AuditedRuleset r, List<Finding> out) {
        for (String name : List.of("INPUT", "FORWARD", "OUTPUT")) {
            Optional<Chain> c = r.filter(name);
            if (c.isEmpty()) {
                continue;
            }
            Optional<ChainFacts.Found> found = NoEstablishedAccept.find(r, c.get());
            if (found.isEmpty() || !NoEstablishedAccept.acceptsEstablished(found.get().rule())
                    || found.get().rulesBefore() < LATE_AFTER) {
                continue;
            }
            ChainFacts.Found f = found.get();
            String fix = f.chain() == c.get()
                    ? r.command() + " -D " + name + " " + f.number() + "\n" + r.command() + " -I " + name + " 1 "
                    + spec(f.chain(), f.number())
                    : r.command() + " -I " + name + " 1 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT";
            out.add(Finding.of(this, describe(TableName.FILTER, f.chain(), f.number()) + " accepts established "
                            + "traffic only after " + f.rulesBefore() + " rules on the way through filter " + name
                            + ": every packet of every open connection is tested against them first, and any of them "
                            + "that drops also cuts connections already open")
                    .rules(r.ref(TableName.FILTER, f.chain(), f.number()))
                    .fix(fix + "\n# moving it first changes behaviour only for established packets that an earlier "
                            + "rule dropped on purpose (e.g. a blocklist meant to cut open connections)")
                    .build());
        }
    }
}
