package dev.rampart.analysis.audit.host;

import dev.rampart.analysis.audit.AuditContext;
import dev.rampart.analysis.audit.AuditedRuleset;
import dev.rampart.analysis.audit.Finding;
import dev.rampart.analysis.audit.Severity;
import dev.rampart.analysis.audit.host.PersistedFile.Kind;
import java.util.List;
import java.util.Optional;

/**
 * RA136: the live host has rules (beyond empty default tables) or ipsets, and the persistence layout's
 * file for them does not exist: after a reboot the host comes up without them. One finding per file.
 */
public final class PersistenceMissing extends HostCheck {

    public PersistenceMissing() {
        super("RA136", "Live rules not persisted", Severity.MEDIUM,
                "Rules loaded with iptables, iptables-restore or ipset live in the kernel only. Unless they are "
                        + "saved where the distribution's boot service reads them (iptables-persistent, "
                        + "iptables-services, ...), the next reboot, planned or not, starts the host with an open "
                        + "firewall, or with the sets the rules name missing.");
    }

    @Override
    void check(AuditContext context, HostFacts host, List<Finding> out) {
        for (AuditedRuleset r : context.rulesets()) {
            Optional<PersistedFile> file = host.persisted(Kind.rules(r.family()));
            if (file.isEmpty() || file.get().exists() || !PersistedForm.holdsRules(r.ruleset())) {
                continue;
            }
            int n = r.ruleset().ruleCount();
            out.add(missing(file.get(), "the live IPv" + r.family().number() + " ruleset (" + n
                    + (n == 1 ? " rule)" : " rules)"), host.layout()));
        }
        Optional<PersistedFile> sets = host.persisted(Kind.IPSETS);
        if (sets.isPresent() && !sets.get().exists() && PersistedForm.holdsSets(host.liveIpsets())) {
            out.add(missing(sets.get(), "the live ipsets", host.layout()));
        }
    }

    private Finding missing(PersistedFile file, String what, String layout) {
        return Finding.of(this, what + " is not persisted: " + file.path() + " (" + layout
                        + " layout) does not exist, so a reboot loses it")
                .location(file.path())
                .fix("rampart persist --layout " + layout
                        + "\n# (writes the live rules and ipsets atomically; the boot service must be installed too)")
                .build();
    }
}
