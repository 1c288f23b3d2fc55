package dev.rampart.analysis.audit.checks;

import static dev.rampart.analysis.audit.AuditFixtures.context;
import static dev.rampart.analysis.audit.AuditFixtures.parse;
import static dev.rampart.analysis.audit.AuditFixtures.parse6;
import static dev.rampart.analysis.audit.checks.PacketFindings.counter;
import static dev.rampart.analysis.audit.checks.PacketFindings.replay;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.analysis.audit.AuditContext;
import dev.rampart.analysis.audit.AuditedRuleset;
import dev.rampart.analysis.audit.Finding;
import dev.rampart.sim.engine.TraceResult;
import dev.rampart.sim.engine.Verdict;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * The service checks (RA127 to RA129) on random INPUT chains of both families: every witness is a
 * connection attempt (NEW, SYN for TCP, not on lo) that the simulator accepts with the rule the finding
 * names first (when the finding is exact); an IPv6 witness of RA129 is accepted over IPv6.
 */
class ServiceChecksPropertyTest {
    private static final List<String> COMMON = List.of("", "-p tcp", "-p tcp -m tcp --dport 22",
            "-p tcp -m multiport --dports 22,3306,5432", "-p udp -m udp --dport 161", "-p tcp -m tcp --dport 1:1024",
            "-i lo", "-i eth0", "-i eth0 -p tcp -m tcp --dport 6379", "-m conntrack --ctstate RELATED,ESTABLISHED",
            "-p tcp -m tcp --dport 3306 -m limit --limit 5/sec");
    private static final List<String> V4 = List.of("-s 0.0.0.0/1", "-s 192.0.2.0/24", "! -s 198.51.100.0/24 -p tcp",
            "-s 128.0.0.0/2 -p udp",
            "-p tcp -m tcp --dport 22 -m recent --update --seconds 60 --hitcount 4 --name SSH --mask 255.255.255.255 --rsource");
    private static final List<String> V6 = List.of("-s ::/1", "-s 2001:db8::/32", "! -s 2001:db8::/32 -p tcp",
            "-s 8000::/2 -p udp", "-p tcp -m tcp --dport 22 -m recent --update --seconds 60 --hitcount 4 --name SSH"
                    + " --mask ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff --rsource");
    private static final List<String> TARGETS = List.of("ACCEPT", "DROP", "REJECT", "ACCEPT", "LOG");

    static String random(Random rnd, List<String> own) {
        StringBuilder sb = new StringBuilder("*filter\n:INPUT " + (rnd.nextInt(3) == 0 ? "ACCEPT" : "DROP")
                + " [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n");
        int n = 1 + rnd.nextInt(7);
        for (int i = 0; i < n; i++) {
            String m = rnd.nextInt(3) == 0 ? own.get(rnd.nextInt(own.size())) : COMMON.get(rnd.nextInt(COMMON.size()));
            sb.append("-A INPUT ").append(m).append(m.isEmpty() ? "" : " ").append("-j ")
                    .append(TARGETS.get(rnd.nextInt(TARGETS.size()))).append('\n');
        }
        return sb.append("COMMIT\n").toString();
    }

    private static void assertAcceptedAttempt(AuditedRuleset r, Finding f, String text) {
        assertThat(f.witness().in()).as("%s%n%s", f, text).isNotNull().isNotEqualTo("lo");
        TraceResult t = replay(r, f.witness());
        if (!f.approximate()) {
            assertThat(t.verdict()).as("%s%n%s", f, text).isEqualTo(Verdict.ACCEPT);
            assertThat(t.decidedBy()).as("%s%n%s", f, text).isEqualTo(counter(f.rules().get(0)));
        }
    }

    @Property(tries = 300)
    void everyServiceWitnessIsAnAcceptedConnectionAttempt(@ForAll long seed) {
        Random rnd = new Random(seed);
        String t4 = random(rnd, V4);
        String t6 = random(rnd, V6);
        AuditedRuleset v4 = parse(t4);
        AuditedRuleset v6 = parse6(t6);
        AuditContext ctx = context(v4, v6);
        String both = t4 + "\n" + t6;
        for (Finding f : new SshWithoutRateLimit().run(ctx)) {
            AuditedRuleset r = f.witness().family() == dev.rampart.model.Family.IPV4 ? v4 : v6;
            assertThat(f.witness().dport()).isEqualTo(22);
            assertAcceptedAttempt(r, f, both);
        }
        for (Finding f : new ServicePortOpen().run(ctx)) {
            AuditedRuleset r = f.witness().family() == dev.rampart.model.Family.IPV4 ? v4 : v6;
            assertAcceptedAttempt(r, f, both);
        }
        for (Finding f : new Ipv6MorePermissive().run(ctx)) {
            if (f.witness() == null) {
                continue; // the summary beyond the listed ranges
            }
            assertThat(f.witness().family()).isEqualTo(dev.rampart.model.Family.IPV6);
            assertAcceptedAttempt(v6, f, both);
        }
    }

    @Test
    void theRandomChainsExerciseEveryServiceCheck() {
        Map<String, Integer> counts = new TreeMap<>();
        for (long seed = 0; seed < 200; seed++) {
            Random rnd = new Random(seed);
            AuditContext ctx = context(parse(random(rnd, V4)), parse6(random(rnd, V6)));
            for (var check : List.of(new SshWithoutRateLimit(), new ServicePortOpen(), new Ipv6MorePermissive())) {
                counts.merge(check.id(), check.run(ctx).size(), Integer::sum);
            }
        }
        assertThat(counts).allSatisfy((id, n) -> assertThat(n).as(id).isGreaterThan(10));
    }
}
