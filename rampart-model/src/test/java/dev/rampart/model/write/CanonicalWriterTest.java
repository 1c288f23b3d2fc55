package dev.rampart.model.write;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.model.Family;
import dev.rampart.model.Ruleset;
import dev.rampart.model.parse.RestoreParser;
import java.io.IOException;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class CanonicalWriterTest {

    @Test
    void streamingOutputEqualsTheTextForm() throws IOException {
        StringBuilder in = new StringBuilder("*filter\n:INPUT DROP [3:4]\n");
        for (int i = 0; i < 3000; i++) {
            in.append(":C").append(i).append(" - [0:0]\n");
        }
        for (int i = 0; i < 3000; i++) {
            in.append("[1:2] -A C").append(i).append(" -s 10.0.").append(i / 256).append('.').append(i % 256)
                    .append(" -p tcp -m tcp --dport ").append(i + 1).append(" -m comment --comment \"rule ").append(i)
                    .append("\" -j ACCEPT\n");
        }
        in.append("COMMIT\n*nat\n-A POSTROUTING -o eth0 -j MASQUERADE\nCOMMIT\n");
        Ruleset rs = new RestoreParser(Family.IPV4).parse(in.toString(), "big").ruleset();
        for (boolean counters : new boolean[] {false, true}) {
            StringWriter out = new StringWriter();
            new CanonicalWriter(counters).write(rs, out);
            assertThat(out.toString()).isEqualTo(new CanonicalWriter(counters).write(rs));
        }
        assertThat(new CanonicalWriter(true).write(rs)).contains("[1:2] -A C2999 -s 10.0.11.183/32 -p tcp -m tcp "
                + "--dport 3000 -m comment --comment \"rule 2999\" -j ACCEPT\n");
    }

    @Test
    void parallelPrintingOfBigRulesetsKeepsTheOrder() throws IOException {
        StringBuilder in = new StringBuilder("*filter\n");
        int chains = 700;
        for (int i = 0; i < chains; i++) {
            in.append(":C").append(i).append(" - [0:0]\n");
        }
        for (int i = 0; i < 70_000; i++) {
            in.append("-A C").append(i % chains).append(" -p udp -m udp --dport ").append(i % 65536)
                    .append(" -j C").append((i + 1) % chains).append('\n');
        }
        in.append("COMMIT\n*nat\n:SNATS - [0:0]\n-A POSTROUTING -o eth0 -j SNATS\n-A SNATS -j MASQUERADE\nCOMMIT\n"
                + "*mangle\n-A PREROUTING -j MARK --set-mark 1\nCOMMIT\n");
        Ruleset rs = new RestoreParser(Family.IPV4).parse(in.toString(), "big").ruleset();
        assertThat(rs.ruleCount()).isGreaterThanOrEqualTo(CanonicalWriter.PARALLEL_RULES);
        assertThat(rs.tables()).hasSize(3);
        StringWriter sequential = new StringWriter();
        new CanonicalWriter(false).write(rs, sequential);
        assertThat(new CanonicalWriter(false).write(rs)).isEqualTo(sequential.toString());
    }
}
