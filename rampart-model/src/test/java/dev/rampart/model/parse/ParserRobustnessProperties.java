package dev.rampart.model.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.model.Family;
import dev.rampart.model.diag.Diagnostic;
import dev.rampart.model.write.CanonicalWriter;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever a rule line holds, the parser never throws: it either accepts the rule or reports
 * diagnostics. Accepted rules print canonically, and the canonical text reads back to itself.
 */
class ParserRobustnessProperties {

    static final List<String> WORDS = List.of("-s", "-d", "-i", "-o", "-p", "-j", "-g", "-m", "!", "-f", "-c",
            "--dport", "--sport", "--syn", "--tcp-flags", "--state", "--ctstate", "--comment", "--limit",
            "--limit-burst", "--log-prefix", "--reject-with", "--to-destination", "--to-source", "--to-ports",
            "--set-mark", "--mark", "--match-set", "--icmp-type", "--dports", "--name", "--seconds", "--hitcount",
            "--set", "--update", "--rsource", "--mask", "--ttl-gt", "--length", "--string", "--algo",
            "tcp", "udp", "icmp", "all", "47", "conntrack", "state", "multiport", "limit", "recent", "comment",
            "mark", "set", "ttl", "length", "string", "LOG", "REJECT", "ACCEPT", "DROP", "RETURN", "DNAT", "SNAT",
            "MASQUERADE", "MARK", "CT", "TCPMSS", "NFQUEUE", "X", "22", "0", "65535", "65536", "1:2", "5:1",
            "10.0.0.1", "10.0.0.0/8", "1.2.3.4/255.0.255.0", "300.1.1.1", "2001:db8::1", "eth0", "eth+",
            "NEW,ESTABLISHED", "INVALID", "5/min", "3/second", "\"two words\"", "\"\"", "SYN,ACK", "ALL",
            "0x10/0xff", "bm", "src", "src,dst", "1.2.3.4:80", "8080-8090", "icmp-port-unreachable");

    @Provide
    Arbitrary<String> ruleLines() {
        return Arbitraries.of(WORDS).list().ofMinSize(0).ofMaxSize(12).map(w -> String.join(" ", w));
    }

    @Property(tries = 3000)
    void neverThrowsAndAcceptedRulesRoundTrip(@ForAll("ruleLines") String spec) {
        for (Family family : Family.values()) {
            String text = "*filter\n:X - [0:0]\n-A INPUT " + spec + "\nCOMMIT\n*nat\n-A PREROUTING " + spec + "\nCOMMIT\n";
            RestoreParser.Result r = new RestoreParser(family).parse(text, "fuzz");
            for (Diagnostic d : r.diagnostics().all()) {
                assertThat(d.line()).isBetween(1, 6);
                assertThat(d.message()).isNotBlank();
            }
            String once = new CanonicalWriter(true).write(r.ruleset());
            RestoreParser.Result again = new RestoreParser(family).parse(once, "fmt");
            assertThat(again.diagnostics().all()).as("canonical output of '" + spec + "' must read back cleanly:\n" + once)
                    .filteredOn(Diagnostic::isError).isEmpty();
            assertThat(new CanonicalWriter(true).write(again.ruleset())).isEqualTo(once);
        }
    }
}
