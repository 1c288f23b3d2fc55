package dev.rampart.analysis.audit.checks;

import dev.rampart.analysis.audit.AuditedRuleset;
import dev.rampart.analysis.audit.Finding;
import dev.rampart.analysis.audit.RuleFacts;
import dev.rampart.analysis.audit.Severity;
import dev.rampart.analysis.audit.Witnesses;
import dev.rampart.analysis.space.Dimension;
import dev.rampart.analysis.space.IntervalSet;
import dev.rampart.model.Chain;
import dev.rampart.model.Family;
import dev.rampart.model.Rule;
import dev.rampart.model.RuleHeader;
import dev.rampart.model.TableName;
import dev.rampart.model.net.IpPrefix;
import java.util.ArrayList;
import java.util.List;

/**
 * RA103: a rule of filter INPUT or FORWARD (or a user chain they reach) accepts packets whose source is a
 * loopback address (inside 127.0.0.0/8, or ::1) without requiring the loopback device: such packets can
 * only be forged when they arrive from a network. The witness is such a packet arriving on another
 * device and accepted by the rule.
 */
public final class LoopbackSpoofAccepted extends AbstractCheck {
    public LoopbackSpoofAccepted() {
        super("RA103", "Loopback source accepted from a network interface", Severity.LOW,
                "A packet with source 127.0.0.1 or ::1 that arrives on eth0 is forged. Linux drops such packets as "
                        + "martians while routing, unless net.ipv4.conf.*.route_localnet=1 (set by kube-proxy, the cause "
                        + "of CVE-2020-8558); then rules that trust the address instead of the device ('-s 127.0.0.1 "
                        + "-j ACCEPT' without '-i lo') let neighbours reach services that believe they only serve local "
                        + "clients.");
    }

    /** Whether {@code p} lies inside the loopback range of its family. */
    static boolean isLoopback(IpPrefix p) {
        if (p.family() == Family.IPV4) {
            return p.isContiguous() && p.length() >= 8 && (p.lo() & 0xFF000000L) == 0x7F000000L;
        }
        return p.isContiguous() && p.length() == 128 && p.hi() == 0 && p.lo() == 1;
    }

    @Override
    void check(AuditedRuleset r, List<Finding> out) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String builtin : List.of("INPUT", "FORWARD")) {
            for (String name : r.facts().reachable(TableName.FILTER, builtin)) {
                Chain c = r.filter(name).orElse(null);
                if (c == null || !seen.add(name)) {
                    continue;
                }
                for (int i = 1; i <= c.rules().size(); i++) {
                    Rule rule = c.rules().get(i - 1);
                    RuleHeader h = rule.header();
                    if (!RuleFacts.isAccept(rule) || h.source() == null || h.sourceInverted() || !isLoopback(h.source())
                            || ("lo".equals(h.inInterface()) && !h.inInverted())) {
                        continue;
                    }
                    Finding.Builder f = Finding.of(this, describe(TableName.FILTER, c, i) + " accepts source "
                                    + h.source() + (h.inInterface() == null ? " from any interface"
                                    : " on " + (h.inInverted() ? "interfaces other than " : "") + h.inInterface())
                                    + ": packets with a loopback source arriving from a network are forged (Linux drops them unless "
                                    + "route_localnet=1, as kube-proxy sets it)")
                            .rules(r.ref(TableName.FILTER, c, i))
                            .fix(h.inInterface() == null
                                    ? r.command() + " -R " + c.name() + " " + i + " -i lo " + spec(c, i)
                                    : r.command() + " -D " + c.name() + " " + i
                                    + "\n# loopback traffic arrives on lo: accept it with\n" + r.command()
                                    + " -I INPUT 1 -i lo -j ACCEPT");
                    if (c.builtin()) {
                        int lo = r.space().interfaces().classify("lo");
                        var notLo = r.space().where(Dimension.IN_IFACE,
                                IntervalSet.of(1, Long.MAX_VALUE).minus(IntervalSet.point(lo)));
                        List<Integer> before = new ArrayList<>();
                        for (int k = 1; k < i; k++) {
                            if (c.rules().get(k - 1).target() != null && !RuleFacts.isLog(c.rules().get(k - 1))) {
                                before.add(k);
                            }
                        }
                        Witnesses.matching(r, c, i, before, notLo)
                                .ifPresent(w -> f.witness(w.packet()).approximations(w.approximations()));
                    }
                    out.add(f.build());
                }
            }
        }
    }
}
