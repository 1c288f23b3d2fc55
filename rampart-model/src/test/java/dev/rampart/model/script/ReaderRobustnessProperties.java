package dev.rampart.model.script;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.model.diag.Diagnostic;
import dev.rampart.model.ipset.IpSetParser;
import dev.rampart.model.ipset.IpSetWriter;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever a script or an ipset file holds, the readers never throw: every problem is a diagnostic on
 * a line of the input, and what an ipset file reader accepts, its writer prints and it reads back.
 */
class ReaderRobustnessProperties {

    static final List<String> SCRIPT_WORDS = List.of("iptables", "ip6tables", "ipset", "sudo", "/sbin/iptables",
            "$IPT", "IPT=/sbin/iptables", "WAN=eth0", "${WAN}", "-A", "-I", "-D", "-N", "-X", "-F", "-P", "-t", "nat",
            "filter", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING", "X", "1", "-p", "tcp", "--dport", "22", "-j",
            "ACCEPT", "DROP", "MASQUERADE", "-s", "10.0.0.0/8", "-m", "set", "--match-set", "bl", "src", "create",
            "add", "del", "destroy", "hash:ip", "hash:net", "192.0.2.1", "timeout", "60", "-exist", "\\", "'", "\"",
            "#", ";", "&&", "||", "|", ">", "<<", "EOF", "$(date)", "if", "then", "fi", "echo", "for", "do", "done");

    static final List<String> IPSET_WORDS = List.of("create", "add", "del", "s", "t", "hash:ip", "hash:net",
            "hash:ip,port", "list:set", "family", "inet", "inet6", "hashsize", "1024", "maxelem", "65536", "timeout",
            "0", "300", "counters", "comment", "\"a b\"", "192.0.2.1", "192.0.2.0/24", "2001:db8::1", "tcp:80",
            "192.0.2.1,udp:53", "nomatch", "packets", "bytes", "5", "-exist", "x");

    @Provide
    Arbitrary<String> scripts() {
        return Arbitraries.of(SCRIPT_WORDS).list().ofMaxSize(10).map(w -> String.join(" ", w))
                .list().ofMaxSize(6).map(lines -> String.join("\n", lines));
    }

    @Provide
    Arbitrary<String> ipsetFiles() {
        return Arbitraries.of(IPSET_WORDS).list().ofMaxSize(8).map(w -> String.join(" ", w))
                .list().ofMaxSize(6).map(lines -> String.join("\n", lines));
    }

    @Property(tries = 2000)
    void scriptReaderNeverThrows(@ForAll("scripts") String script) {
        ScriptParser.Result r = new ScriptParser().parse(script, "fuzz.sh");
        int lines = script.split("\n", -1).length;
        for (Diagnostic d : r.diagnostics().all()) {
            assertThat(d.line()).isBetween(1, lines);
            assertThat(d.message()).isNotBlank();
        }
    }

    @Property(tries = 2000)
    void ipsetReaderNeverThrowsAndAcceptedSetsRoundTrip(@ForAll("ipsetFiles") String text) {
        IpSetParser.Result r = new IpSetParser().parse(text, "fuzz.save");
        if (r.diagnostics().hasErrors()) {
            return;
        }
        String written = new IpSetWriter().write(r.sets());
        IpSetParser.Result again = new IpSetParser().parse(written, "written");
        assertThat(again.diagnostics().all()).as(written).filteredOn(Diagnostic::isError).isEmpty();
        assertThat(new IpSetWriter().write(again.sets())).isEqualTo(written);
    }
}
