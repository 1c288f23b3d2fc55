package dev.rampart.cli.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.analysis.lockout.Blocker;
import dev.rampart.analysis.lockout.LockoutCheck;
import dev.rampart.analysis.lockout.LockoutQuery;
import dev.rampart.model.Family;
import dev.rampart.model.Ruleset;
import dev.rampart.model.TableName;
import dev.rampart.model.net.IpAddress;
import dev.rampart.model.parse.RestoreParser;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * apply's pre-flight reads nat user chains only as the admin's packets reach them, and still reaches
 * the verdict a full parse gives: a DNAT of the SSH port two chains deep is found, chains no packet
 * enters stay unread, and files it cannot read in part go back to the full parse.
 */
class LockoutPreflightTest {
    private static final LockoutQuery ADMIN = new LockoutQuery(IpAddress.parse("203.0.113.5"), null, 22, null);

    /** SSH is accepted in INPUT, but nat sends new SSH connections elsewhere, two user chains down. */
    private static final String DEEP_DNAT = """
            *nat
            :PREROUTING ACCEPT [0:0]
            :INPUT ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            :POSTROUTING ACCEPT [0:0]
            :SERVICES - [0:0]
            :SSH-REDIRECT - [0:0]
            :UNUSED - [0:0]
            -A PREROUTING -j SERVICES
            -A SERVICES -d 10.96.0.1/32 -p tcp -m tcp --dport 443 -j UNUSED
            -A SERVICES -p tcp -m tcp --dport 22 -j SSH-REDIRECT
            -A SSH-REDIRECT -p tcp -j DNAT --to-destination 198.51.100.9:2222
            -A UNUSED -j DNAT --to-destination 198.51.100.7:6443
            COMMIT
            *filter
            :INPUT DROP [0:0]
            :FORWARD DROP [0:0]
            :OUTPUT ACCEPT [0:0]
            -A INPUT -i lo -j ACCEPT
            -A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
            -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
            COMMIT
            """;

    private static Ruleset full(String text) {
        return new RestoreParser(Family.IPV4).parse(text, "t.rules").ruleset();
    }

    @Test
    void aDnatTwoChainsDeepIsFoundAsAFullParseFindsIt() {
        List<Blocker> expected = LockoutCheck.check(full(DEEP_DNAT), ADMIN);
        assertThat(expected).isNotEmpty(); // the handshake is sent to 198.51.100.9 and FORWARD drops it

        LockoutPreflight.Checked checked = LockoutPreflight.check(DEEP_DNAT, "t.rules", Family.IPV4, ADMIN);

        assertThat(checked).isNotNull();
        assertThat(checked.blockers()).isEqualTo(expected);
        var nat = checked.ruleset().table(TableName.NAT).orElseThrow();
        assertThat(nat.chain("SSH-REDIRECT").orElseThrow().rules()).hasSize(1); // read: the SYN went there
        assertThat(nat.chain("UNUSED").orElseThrow().rules()).isEmpty(); // left unread: nothing entered it
    }

    @Test
    void withoutTheRedirectTheVerdictIsSafeAndEqual() {
        String safe = DEEP_DNAT.replace("--dport 22 -j SSH-REDIRECT", "--dport 2200 -j SSH-REDIRECT");
        LockoutPreflight.Checked checked = LockoutPreflight.check(safe, "t.rules", Family.IPV4, ADMIN);
        assertThat(checked).isNotNull();
        assertThat(checked.blockers()).isEqualTo(LockoutCheck.check(full(safe), ADMIN)).isEmpty();
        var nat = checked.ruleset().table(TableName.NAT).orElseThrow();
        assertThat(nat.chain("SSH-REDIRECT").orElseThrow().rules()).isEmpty();
    }

    @Test
    void editsOrErrorsSendTheFileToTheFullParse() {
        String edited = DEEP_DNAT.replace("-A UNUSED -j DNAT", "-I SERVICES 1 -p udp -j UNUSED\n-A UNUSED -j DNAT");
        assertThat(LockoutPreflight.check(edited, "t.rules", Family.IPV4, ADMIN)).isNull();
        String broken = DEEP_DNAT.replace("-A INPUT -i lo -j ACCEPT", "-A INPUT -i lo -j ACCPET");
        assertThat(LockoutPreflight.check(broken, "t.rules", Family.IPV4, ADMIN)).isNull();
    }

    @Test
    void theParserLeavesOnlyTheNamedChainsUnread() {
        RestoreParser.Result r = new RestoreParser(Family.IPV4)
                .deferring((table, chain) -> table == TableName.NAT && !chain.equals("SERVICES")).parse(DEEP_DNAT, "t");
        assertThat(r.deferredRules()).isEqualTo(2);
        assertThat(r.complete()).isTrue();
        var nat = r.ruleset().table(TableName.NAT).orElseThrow();
        assertThat(nat.chain("PREROUTING").orElseThrow().rules()).hasSize(1);
        assertThat(nat.chain("SERVICES").orElseThrow().rules()).hasSize(2);
        assertThat(nat.chain("SSH-REDIRECT").orElseThrow().rules()).isEmpty();
        assertThat(r.ruleset().table(TableName.FILTER).orElseThrow().chain("INPUT").orElseThrow().rules()).hasSize(3);
    }
}
