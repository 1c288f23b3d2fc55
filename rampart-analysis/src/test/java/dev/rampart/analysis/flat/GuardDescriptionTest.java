package dev.rampart.analysis.flat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.model.Family;
import dev.rampart.model.TableName;
import dev.rampart.model.parse.RestoreParser;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Guards in words: CIDRs, protocol names, port ranges, interfaces, and only the fields rules test. */
class GuardDescriptionTest {

    private static List<FlatRule> input(Family family, String rules) {
        var r = new RestoreParser(family).parse(rules, "test");
        assertThat(r.diagnostics().hasErrors()).isFalse();
        return Flattener.flatten(r.ruleset(), TableName.FILTER, "INPUT").rules();
    }

    @Test
    void describesAddressesPortsProtocolsAndInterfaces() {
        List<FlatRule> rules = input(Family.IPV4, """
                *filter
                :INPUT DROP [0:0]
                -A INPUT -s 192.0.2.0/24 -p tcp -m tcp --dport 1024:65535 -j ACCEPT
                -A INPUT -i lo -j ACCEPT
                -A INPUT -d 10.0.0.0/255.255.255.254 -p icmp -m icmp --icmp-type 8 -j ACCEPT
                COMMIT
                """);
        assertThat(GuardDescription.of(rules.get(0).guard())).isEqualTo("src 192.0.2.0/24 proto tcp dport 1024-65535");
        assertThat(GuardDescription.of(rules.get(1).guard())).contains("in lo");
        assertThat(GuardDescription.of(rules.get(2).guard())).contains("dst 10.0.0.0/31").contains("in none,other")
                .contains("icmp-type 8");
    }

    @Test
    void aComplementIsWrittenNegatedWhenThatTakesFewerBlocks() {
        List<FlatRule> rules = input(Family.IPV4, """
                *filter
                :INPUT ACCEPT [0:0]
                -A INPUT ! -s 128.0.0.0/2 -j DROP
                COMMIT
                """);
        // 0.0.0.0/1 and 192.0.0.0/2 cover it exactly, but one negated block is shorter
        assertThat(GuardDescription.of(rules.get(0).guard())).isEqualTo("src ! 128.0.0.0/2");
        assertThat(GuardDescription.of(rules.get(1).guard())).isEqualTo("src 128.0.0.0/2");
    }

    @Test
    void allAndNoneAndIpv6Prefixes() {
        List<FlatRule> rules = input(Family.IPV6, """
                *filter
                :INPUT ACCEPT [0:0]
                -A INPUT -s 2001:db8::/32 -j DROP
                -A INPUT -s 2001:db8:1::/48 -j DROP
                COMMIT
                """);
        assertThat(GuardDescription.of(rules.get(0).guard())).isEqualTo("src 2001:db8::/32");
        // rule 2 is shadowed by rule 1: no entry; the policy takes the rest, every address but rule 1's
        assertThat(rules).hasSize(2);
        assertThat(GuardDescription.of(rules.get(1).guard())).isEqualTo("src ! 2001:db8::/32");
        assertThat(GuardDescription.of(rules.get(0).guard().space().all())).isEqualTo("all packets");
        assertThat(GuardDescription.of(rules.get(0).guard().space().none())).isEqualTo("no packets");
    }
}
