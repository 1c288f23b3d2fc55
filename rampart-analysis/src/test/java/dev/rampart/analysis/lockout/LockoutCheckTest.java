package dev.rampart.analysis.lockout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.model.Family;
import dev.rampart.model.Ruleset;
import dev.rampart.model.TableName;
import dev.rampart.model.net.IpAddress;
import dev.rampart.model.parse.RestoreParser;
import dev.rampart.sim.engine.Simulator;
import dev.rampart.sim.engine.TraceResult;
import dev.rampart.sim.engine.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The lock-out check accepts rulesets that let the admin in and out, and for those that do not names
 * the packet and the rule; every blocker's packet is replayed through the simulator and is not
 * accepted there.
 */
class LockoutCheckTest {
    private static final String HEAD = "*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n";
    private static final IpAddress ADMIN = IpAddress.parse("203.0.113.5");

    private static Ruleset parse(String text) {
        RestoreParser.Result r = new RestoreParser(Family.IPV4).parse(text, "t");
        assertThat(r.diagnostics().hasErrors()).as(text).isFalse();
        return r.ruleset();
    }

    private static List<Blocker> check(String text, IpAddress admin) {
        Ruleset rs = parse(text);
        List<Blocker> blockers = LockoutCheck.check(rs, new LockoutQuery(admin, null, 22, null));
        Simulator sim = Simulator.builder(rs).stateless(true).build();
        for (Blocker b : blockers) {
            if (!b.conditional() && !b.step().contains("simulated")) {
                TraceResult r = sim.process(b.packet());
                assertThat(r.verdict()).as("%s", b).isNotEqualTo(Verdict.ACCEPT);
                assertThat(r.decidedBy()).isEqualTo(b.rule());
            }
        }
        return blockers;
    }

    @Test
    void aHardenedRulesetIsSafe() {
        assertThat(check(HEAD + "-A INPUT -i lo -j ACCEPT\n-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n"
                + "-A INPUT -p tcp --dport 22 -m conntrack --ctstate NEW -j ACCEPT\nCOMMIT\n", ADMIN)).isEmpty();
    }

    @Test
    void dropBeforeAcceptLocksOut() {
        List<Blocker> b = check(HEAD + "-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n-A INPUT -j DROP\n"
                + "-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n", ADMIN);
        assertThat(b).hasSize(1);
        assertThat(b.get(0).step()).isEqualTo("new connection");
        assertThat(b.get(0).rule().rule()).isEqualTo(2);
        assertThat(b.get(0).conditional()).isFalse();
        assertThat(b.get(0).packet().src()).isEqualTo(ADMIN);
        assertThat(b.get(0).packet().dport()).isEqualTo(22);
    }

    @Test
    void sshLimitedToOtherSourcesLocksOutOnlyOtherAdmins() {
        String rules = HEAD + "-A INPUT -m state --state ESTABLISHED,RELATED -j ACCEPT\n"
                + "-A INPUT -s 192.0.2.0/24 -p tcp --dport 22 -j ACCEPT\nCOMMIT\n";
        assertThat(check(rules, IpAddress.parse("192.0.2.9"))).isEmpty();
        List<Blocker> b = check(rules, ADMIN);
        assertThat(b).extracting(x -> x.rule().isPolicy()).containsExactly(true);
    }

    @Test
    void noEstablishedAcceptBlocksTheClientsLaterPackets() {
        List<Blocker> b = check(HEAD + "-A INPUT -p tcp --dport 22 --syn -j ACCEPT\nCOMMIT\n", ADMIN);
        assertThat(b).extracting(Blocker::step).containsExactly("client packets");
    }

    @Test
    void outputDropWithoutEstablishedBlocksReplies() {
        String rules = "*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT DROP [0:0]\n"
                + "-A INPUT -m state --state ESTABLISHED,RELATED -j ACCEPT\n-A INPUT -p tcp --dport 22 -j ACCEPT\n"
                + "-A OUTPUT -p udp --dport 53 -j ACCEPT\nCOMMIT\n";
        List<Blocker> b = check(rules, ADMIN);
        assertThat(b).extracting(Blocker::step).containsExactly("server replies");
        assertThat(b.get(0).rule().chain()).isEqualTo("OUTPUT");
    }

    @Test
    void aRateLimitMakesTheConnectionConditional() {
        List<Blocker> b = check(HEAD + "-A INPUT -m state --state ESTABLISHED,RELATED -j ACCEPT\n"
                + "-A INPUT -p tcp --dport 22 -m state --state NEW -m recent --update --seconds 60 --hitcount 4 --name SSH -j DROP\n"
                + "-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n", ADMIN);
        assertThat(b).isNotEmpty().allMatch(Blocker::conditional);
    }

    @Test
    void aRawTableDropIsCaughtByTheSimulatedHandshake() {
        String rules = "*raw\n:PREROUTING ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A PREROUTING -s 203.0.113.0/24 -j DROP\nCOMMIT\n"
                + HEAD + "-A INPUT -m state --state ESTABLISHED,RELATED -j ACCEPT\n-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n";
        List<Blocker> b = check(rules, ADMIN);
        assertThat(b).hasSize(1);
        assertThat(b.get(0).step()).isEqualTo("handshake (simulated)");
        assertThat(b.get(0).rule().table()).isEqualTo(TableName.RAW);
    }
}
