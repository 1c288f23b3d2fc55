package dev.rampart.analysis.audit.host;

import dev.rampart.analysis.audit.AuditContext;
import dev.rampart.analysis.audit.AuditedRuleset;
import dev.rampart.analysis.audit.Finding;
import dev.rampart.analysis.audit.Severity;
import dev.rampart.model.Chain;
import dev.rampart.model.TableName;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * RA132: forwarding is switched on ({@code net.ipv4.ip_forward}, {@code net.ipv6.conf.all.forwarding})
 * and filter FORWARD refuses nothing: policy ACCEPT and no rule in FORWARD or a chain it reaches drops or
 * rejects (or no filter FORWARD chain at all). One finding per family of the live ruleset.
 */
public final class ForwardingUnfiltered extends HostCheck {

    public ForwardingUnfiltered() {
        super("RA132", "Forwarding on with an unfiltered FORWARD chain", Severity.HIGH,
                "With forwarding on, the kernel routes packets between all its interfaces and networks; FORWARD "
                        + "is the only place the firewall can stop them. A FORWARD chain that accepts everything makes "
                        + "the host an open router: into the private networks behind it, between tenants or VLANs, "
                        + "and out to the Internet with its address.");
    }

    @Override
    void check(AuditContext context, HostFacts host, List<Finding> out) {
        for (AuditedRuleset r : context.rulesets()) {
            String name = Forwarding.sysctl(r.family());
            OptionalInt on = host.sysctls().integer(name);
            if (on.isEmpty() || on.getAsInt() == 0 || Forwarding.filters(r)) {
                continue;
            }
            Optional<Chain> fwd = r.filter("FORWARD");
            Finding.Builder f = Finding.of(this, name + " = " + on.getAsInt() + " and filter FORWARD "
                            + (fwd.isEmpty() ? "does not exist (everything forwarded is accepted)"
                            : "has policy ACCEPT and no rule that drops or rejects")
                            + ": this host routes any IPv" + r.family().number() + " packet for anyone")
                    .location(name)
                    .fix("# filter what is forwarded (then accept the flows this router is for):\n"
                            + r.command() + " -P FORWARD DROP\n"
                            + r.command() + " -A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n"
                            + "# or, if this host is not meant to route:\n"
                            + sysctlFix(setting(name, "0")));
            fwd.ifPresent(c -> f.rules(r.policyRef(TableName.FILTER, c)));
            out.add(f.build());
        }
    }
}
