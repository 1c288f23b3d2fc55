package dev.rampart.cli.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.cli.CliTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analyses use ipset contents when they know them — from {@code --ipsets FILE} or from the
 * {@code ipset} commands of a script — so a block list's rule is exact: {@code exposure} names the
 * blocked networks, {@code flatten} prints them, {@code audit} counts them out. Without the contents
 * the result says it is approximate and how to give them.
 */
class IpSetContentsTest {
    static final String RULES = """
            *filter
            :INPUT DROP [0:0]
            :FORWARD DROP [0:0]
            :OUTPUT ACCEPT [0:0]
            -A INPUT -m set --match-set blocklist src -j DROP
            -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
            COMMIT
            """;
    static final String SETS = """
            create blocklist hash:net family inet hashsize 1024 maxelem 65536
            add blocklist 203.0.113.0/24
            add blocklist 198.51.100.7
            """;

    @TempDir
    Path dir;

    @Test
    void exposureWithTheSetContentsNamesTheBlockedNetworks() throws IOException {
        Path rules = Files.writeString(dir.resolve("r.rules"), RULES);
        Path sets = Files.writeString(dir.resolve("sets.save"), SETS);
        CliTest.Run without = CliTest.run("exposure", "--port", "22", rules.toString());
        assertThat(without.code()).isZero();
        assertThat(without.out()).contains("approximate").contains("give them with --ipsets");

        CliTest.Run with = CliTest.run("exposure", "--port", "22", "--ipsets", sets.toString(), rules.toString());
        assertThat(with.code()).isZero();
        assertThat(with.out()).doesNotContain("approximate")
                .contains("from all but 198.51.100.7/32,203.0.113.0/24\n    to any: ACCEPT (filter INPUT rule 2)")
                .contains("from 198.51.100.7/32,203.0.113.0/24\n    to any: DROP (filter INPUT rule 1)");
    }

    @Test
    void aScriptsOwnIpsetCommandsGiveTheContents() throws IOException {
        Path script = Files.writeString(dir.resolve("fw.sh"), """
                ipset create blocklist hash:net
                ipset add blocklist 203.0.113.0/24
                iptables -P INPUT DROP
                iptables -A INPUT -m set --match-set blocklist src -j DROP
                iptables -A INPUT -p tcp --dport 22 -j ACCEPT
                """);
        CliTest.Run r = CliTest.run("flatten", "--chain", "INPUT", script.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("1: src 203.0.113.0/24 -> DROP (from filter:INPUT:rule:1)");
    }

    @Test
    void aRuleNamingASetTheFileLacksIsAnError() throws IOException {
        Path rules = Files.writeString(dir.resolve("r.rules"), RULES.replace("blocklist", "blocklst"));
        Path sets = Files.writeString(dir.resolve("sets.save"), SETS);
        CliTest.Run r = CliTest.run("exposure", "--port", "22", "--ipsets", sets.toString(), rules.toString());
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains("blocklst");
    }
}
