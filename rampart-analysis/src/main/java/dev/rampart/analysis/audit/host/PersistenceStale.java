package dev.rampart.analysis.audit.host;

import dev.rampart.analysis.audit.AuditContext;
import dev.rampart.analysis.audit.AuditedRuleset;
import dev.rampart.analysis.audit.Finding;
import dev.rampart.analysis.audit.Severity;
import dev.rampart.analysis.audit.host.PersistedFile.Kind;
import java.util.List;
import java.util.Optional;

/**
 * RA137: a persistence file exists but differs from the live state, compared in canonical form without
 * counters ({@link PersistedForm}): a reboot would bring back other rules than the ones running. A file
 * that does not even parse (the boot service's restore would fail, leaving the host unfiltered) is
 * reported with severity high and the first error's position.
 */
public final class PersistenceStale extends HostCheck {

    public PersistenceStale() {
        super("RA137", "Persisted rules differ from the live rules", Severity.MEDIUM,
                "After a change made live and not saved, the file the boot service restores holds an older "
                        + "ruleset: the next reboot silently undoes the change (a closed port opens again, a new "
                        + "service becomes unreachable), usually long after anyone remembers it. A file that fails "
                        + "to parse is worse: the restore fails at boot and the host starts with no rules at all.");
    }

    @Override
    void check(AuditContext context, HostFacts host, List<Finding> out) {
        for (AuditedRuleset r : context.rulesets()) {
            Optional<PersistedFile> file = host.persisted(Kind.rules(r.family()));
            if (file.isEmpty() || !file.get().exists()) {
                continue;
            }
            report(PersistedForm.rules(r.ruleset(), file.get().content(), file.get().path()), file.get(),
                    "IPv" + r.family().number() + " rules", host.layout(), out);
        }
        Optional<PersistedFile> sets = host.persisted(Kind.IPSETS);
        if (sets.isPresent() && sets.get().exists() && host.liveIpsets() != null) {
            report(PersistedForm.ipsets(host.liveIpsets(), sets.get().content(), sets.get().path()), sets.get(),
                    "ipsets", host.layout(), out);
        }
    }

    private void report(PersistedForm.Difference d, PersistedFile file, String what, String layout,
                        List<Finding> out) {
        if (d.same()) {
            return;
        }
        String fix = "rampart persist --layout " + layout + "\n# (or, if the file is what you want, load it: "
                + (file.kind() == Kind.IPSETS ? "ipset restore -exist < " : file.kind() == Kind.IPV4_RULES
                ? "iptables-restore < " : "ip6tables-restore < ") + file.path() + ")";
        if (d.error() != null) {
            out.add(Finding.of(this, "the persisted " + what + " in " + file.path() + " do not parse ("
                            + d.error().file() + ":" + d.error().line() + ":" + d.error().column() + ": "
                            + d.error().message() + "): the restore at boot would fail and leave them unloaded")
                    .severity(Severity.HIGH)
                    .location(file.path())
                    .fix("rampart persist --layout " + layout)
                    .build());
            return;
        }
        out.add(Finding.of(this, "the persisted " + what + " in " + file.path() + " differ from the live ones: "
                        + String.join("; ", d.differences()) + "; a reboot would restore the file's version")
                .location(file.path())
                .fix(fix)
                .build());
    }
}
