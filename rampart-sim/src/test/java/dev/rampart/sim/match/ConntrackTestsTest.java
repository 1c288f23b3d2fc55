package dev.rampart.sim.match;

import static dev.rampart.sim.match.CompiledRule.tcp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.model.match.CtState;
import dev.rampart.sim.engine.PacketState;
import org.junit.jupiter.api.Test;

/** state, conntrack, connmark, connbytes, connlabel and helper against a packet's conntrack entry. */
class ConntrackTestsTest {
    private static final String CLIENT = "203.0.113.5";
    private static final String SERVER = "198.51.100.10";

    private static PacketState packet(CtState state, TestCt ct, boolean reply) {
        PacketState p = new PacketState(tcp(CLIENT, 40000, SERVER, 22).build());
        p.setConntrack(state, ct, reply);
        return p;
    }

    private static TestCt ssh() {
        return new TestCt(6, CLIENT, 40000, SERVER, 22);
    }

    private static boolean matches(String line, PacketState p) {
        return CompiledRule.v4(line).matches(p, new TestEnv());
    }

    @Test
    void stateSetsAndNegation() {
        String rule = "-A INPUT -m state --state RELATED,ESTABLISHED -j ACCEPT";
        assertThat(matches(rule, packet(CtState.ESTABLISHED, ssh(), true))).isTrue();
        assertThat(matches(rule, packet(CtState.RELATED, ssh(), false))).isTrue();
        assertThat(matches(rule, packet(CtState.NEW, ssh(), false))).isFalse();
        assertThat(matches("-A INPUT -m state ! --state NEW -j DROP", packet(CtState.NEW, ssh(), false))).isFalse();
        assertThat(matches("-A INPUT -m state ! --state NEW -j DROP", packet(CtState.INVALID, null, false)))
                .isTrue();
    }

    @Test
    void packetNotYetSeenByConntrackIsInvalid() {
        // raw PREROUTING runs before conntrack: nf_ct_get gives no entry, so the state is INVALID.
        PacketState raw = new PacketState(tcp(CLIENT, 40000, SERVER, 22).build());
        assertThat(matches("-A INPUT -m state --state INVALID -j DROP", raw)).isTrue();
        assertThat(matches("-A INPUT -m conntrack --ctstate NEW -j DROP", raw)).isFalse();
        PacketState untracked = packet(CtState.UNTRACKED, null, false);
        assertThat(matches("-A INPUT -m conntrack --ctstate UNTRACKED -j ACCEPT", untracked)).isTrue();
        assertThat(matches("-A INPUT -m conntrack --ctstate INVALID -j ACCEPT", untracked)).isFalse();
    }

    @Test
    void ctstateNatVirtualStates() {
        TestCt ct = ssh();
        ct.dnat = true;
        assertThat(matches("-A FORWARD -m conntrack --ctstate DNAT -j ACCEPT", packet(CtState.NEW, ct, false)))
                .isTrue();
        assertThat(matches("-A FORWARD -m conntrack --ctstate SNAT -j ACCEPT", packet(CtState.NEW, ct, false)))
                .isFalse();
        assertThat(matches("-A FORWARD -m conntrack ! --ctstate DNAT -j ACCEPT", packet(CtState.NEW, ct, false)))
                .isFalse();
    }

    @Test
    void withoutAnEntryOnlyAStateTestCanMatch() {
        PacketState invalid = packet(CtState.INVALID, null, false);
        // ct == NULL: the rule matches if it has a state test (which passed), whatever the other tests say.
        assertThat(matches("-A INPUT -m conntrack --ctstate INVALID --ctproto udp -j DROP", invalid)).isTrue();
        assertThat(matches("-A INPUT -m conntrack --ctproto tcp -j DROP", invalid)).isFalse();
        assertThat(matches("-A INPUT -m conntrack ! --ctproto tcp -j DROP", invalid)).isFalse();
        assertThat(matches("-A INPUT -m connmark ! --mark 0x1 -j DROP", invalid)).isFalse();
    }

    @Test
    void originalAndReplyTuples() {
        TestCt ct = ssh();
        ct.reply = new dev.rampart.sim.conntrack.CtTuple(dev.rampart.model.net.IpAddress.parse("198.18.0.2"),
                dev.rampart.model.net.IpAddress.parse(CLIENT), 6, 2222, 40000);
        PacketState p = packet(CtState.ESTABLISHED, ct, false);
        assertThat(matches("-A FORWARD -m conntrack --ctorigdst 198.51.100.0/24 --ctorigdstport 22 -j ACCEPT", p))
                .isTrue();
        assertThat(matches("-A FORWARD -m conntrack --ctreplsrc 198.18.0.2 --ctreplsrcport 2222 -j ACCEPT", p))
                .isTrue();
        assertThat(matches("-A FORWARD -m conntrack ! --ctreplsrc 198.18.0.2 -j ACCEPT", p)).isFalse();
        assertThat(matches("-A FORWARD -m conntrack --ctorigsrcport 1024:65535 --ctproto tcp -j ACCEPT", p)).isTrue();
        assertThat(matches("-A FORWARD -m conntrack --ctproto udp -j ACCEPT", p)).isFalse();
        assertThat(matches("-A FORWARD -m conntrack --ctorigsrc 192.0.2.0/24 -j ACCEPT", p)).isFalse();
    }

    @Test
    void directionStatusAndExpiry() {
        TestCt ct = ssh();
        ct.seenReply = true;
        ct.expiresInSeconds = 300;
        assertThat(matches("-A INPUT -m conntrack --ctdir REPLY -j ACCEPT", packet(CtState.ESTABLISHED, ct, true)))
                .isTrue();
        assertThat(matches("-A INPUT -m conntrack --ctdir ORIGINAL -j ACCEPT", packet(CtState.ESTABLISHED, ct, true)))
                .isFalse();
        assertThat(matches("-A INPUT -m conntrack --ctdir ORIGINAL -j ACCEPT",
                packet(CtState.ESTABLISHED, ct, false))).isTrue();
        assertThat(matches("-A INPUT -m conntrack --ctstatus SEEN_REPLY,ASSURED -j ACCEPT",
                packet(CtState.ESTABLISHED, ct, false))).isTrue();
        assertThat(matches("-A INPUT -m conntrack --ctstatus ASSURED -j ACCEPT",
                packet(CtState.ESTABLISHED, ct, false))).isFalse();
        assertThat(matches("-A INPUT -m conntrack --ctexpire 100:400 -j ACCEPT",
                packet(CtState.ESTABLISHED, ct, false))).isTrue();
        assertThat(matches("-A INPUT -m conntrack ! --ctexpire 100:400 -j ACCEPT",
                packet(CtState.ESTABLISHED, ct, false))).isFalse();
    }

    @Test
    void connmarkMaskedComparison() {
        TestCt ct = ssh();
        ct.mark = 0x1234;
        PacketState p = packet(CtState.ESTABLISHED, ct, false);
        assertThat(matches("-A INPUT -m connmark --mark 0x34/0xff -j ACCEPT", p)).isTrue();
        assertThat(matches("-A INPUT -m connmark --mark 0x34 -j ACCEPT", p)).isFalse();
        assertThat(matches("-A INPUT -m connmark ! --mark 0x34 -j ACCEPT", p)).isTrue();
    }

    @Test
    void connbytesModesAndDirections() {
        TestCt ct = ssh();
        ct.packets = new long[] {10, 5};
        ct.bytes = new long[] {1000, 50_000};
        PacketState p = packet(CtState.ESTABLISHED, ct, false);
        assertThat(matches("-A INPUT -m connbytes --connbytes 10 --connbytes-mode packets --connbytes-dir original",
                p)).isTrue();
        assertThat(matches("-A INPUT -m connbytes --connbytes 16: --connbytes-mode packets --connbytes-dir both",
                p)).isFalse();
        assertThat(matches("-A INPUT -m connbytes --connbytes 10000:20000 --connbytes-mode bytes --connbytes-dir reply",
                p)).isFalse();
        // average over both directions: 51000 / 15 = 3400
        assertThat(matches("-A INPUT -m connbytes --connbytes 3400:3400 --connbytes-mode avgpkt --connbytes-dir both",
                p)).isTrue();
        assertThat(matches("-A INPUT -m connbytes ! --connbytes 0:100 --connbytes-mode packets --connbytes-dir both",
                p)).isFalse();
    }

    @Test
    void helperLooksAtTheMasterConnection() {
        TestCt control = new TestCt(6, CLIENT, 40000, SERVER, 21);
        control.helper = "ftp";
        TestCt data = new TestCt(6, SERVER, 20, CLIENT, 40001);
        data.expected = true;
        data.master = control;
        assertThat(matches("-A INPUT -m helper --helper ftp -j ACCEPT", packet(CtState.RELATED, data, false)))
                .isTrue();
        assertThat(matches("-A INPUT -m helper --helper ftp-21 -j ACCEPT", packet(CtState.RELATED, data, false)))
                .isTrue();
        assertThat(matches("-A INPUT -m helper --helper sip -j ACCEPT", packet(CtState.RELATED, data, false)))
                .isFalse();
        // The control connection itself has no master: only the inverted test matches it.
        assertThat(matches("-A INPUT -m helper --helper ftp -j ACCEPT", packet(CtState.NEW, control, false)))
                .isFalse();
        assertThat(matches("-A INPUT -m helper ! --helper ftp -j ACCEPT", packet(CtState.NEW, control, false)))
                .isTrue();
    }

    @Test
    void connlabelSetThenTest() {
        TestCt ct = ssh();
        TestEnv env = new TestEnv();
        CompiledRule check = CompiledRule.v4("-A INPUT -m connlabel --label 5 -j ACCEPT");
        CompiledRule set = CompiledRule.v4("-A INPUT -m connlabel --label 5 --set -j ACCEPT");
        assertThat(check.matches(packet(CtState.ESTABLISHED, ct, false), env)).isFalse();
        assertThat(set.matches(packet(CtState.ESTABLISHED, ct, false), env)).isTrue();
        assertThat(check.matches(packet(CtState.ESTABLISHED, ct, false), env)).isTrue();
        assertThat(check.matches(packet(CtState.ESTABLISHED, ssh(), false), env)).isFalse();
    }
}
