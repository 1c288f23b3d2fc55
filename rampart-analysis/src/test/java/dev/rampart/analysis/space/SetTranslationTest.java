package dev.rampart.analysis.space;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.model.Family;
import dev.rampart.model.Rule;
import dev.rampart.model.TableName;
import dev.rampart.model.ipset.IpSetParser;
import dev.rampart.model.ipset.IpSets;
import dev.rampart.model.net.IpAddress;
import dev.rampart.model.parse.RestoreParser;
import dev.rampart.sim.packet.Packet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code -m set} with known contents: exact for address sets, and then packet for packet what the
 * simulator's set match (an {@code IpSetStore} over the same contents) says; approximated, with the
 * reason, for everything the translation does not model.
 */
class SetTranslationTest {
    static final String SETS = String.join("\n",
            "create blocklist hash:net family inet hashsize 1024 maxelem 65536",
            "add blocklist 203.0.113.0/24",
            "add blocklist 198.51.100.7",
            "add blocklist 192.0.2.128/25",
            "add blocklist 198.18.7.0/24",
            "create hosts hash:ip family inet hashsize 1024 maxelem 65536 netmask 24",
            "add hosts 198.18.5.0",
            "add hosts 192.0.2.0",
            "create web hash:ip,port family inet hashsize 1024 maxelem 65536",
            "add web 198.18.0.1,tcp:80",
            "create holes hash:net family inet hashsize 1024 maxelem 65536",
            "add holes 198.18.0.0/16",
            "add holes 198.18.1.0/24 nomatch",
            "create v6block hash:net family inet6 hashsize 1024 maxelem 65536",
            "add v6block 2001:db8:1::/48",
            "add v6block 2001:db8:2::5",
            "");
    static final IpSets IPSETS = parseSets();

    static IpSets parseSets() {
        IpSetParser.Result r = new IpSetParser().parse(SETS, "sets.save");
        assertThat(r.diagnostics().all()).isEmpty();
        return r.sets();
    }

    /** The rule {@code -A INPUT <match> -j DROP} of {@code family}. */
    static Rule rule(Family family, String match) {
        String text = "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A INPUT " + match
                + " -j DROP\nCOMMIT\n";
        RestoreParser.Result r = new RestoreParser(family).parse(text, "set.rules");
        assertThat(r.diagnostics().all()).isEmpty();
        return r.ruleset().table(TableName.FILTER).orElseThrow().chain("INPUT").orElseThrow().rules().get(0);
    }

    static Translation translate(Family family, String match) {
        Rule r = rule(family, match);
        PacketSpace space = PacketSpace.of(family, List.of(), IPSETS);
        return PacketSets.of(r.header(), r.matches(), space);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "-m set --match-set blocklist src",
        "-m set --match-set blocklist dst",
        "-m set ! --match-set blocklist src",
        "-m set --match-set hosts src",
        "-m set ! --match-set hosts dst",
        "-p tcp -m set --match-set blocklist src -m tcp --dport 22",
    })
    void addressSetsAreExactAndAgreeWithTheSimulator(String match) {
        Rule r = rule(Family.IPV4, match);
        Translation t = translate(Family.IPV4, match);
        assertThat(t.isExact()).as(t.reason()).isTrue();
        RuleOracle oracle = new RuleOracle(IPSETS);
        SplittableRandom rnd = new SplittableRandom(match.hashCode());
        String[] near = {"203.0.113.", "198.51.100.", "192.0.2.", "198.18.7.", "198.18.5.", "198.18.6."};
        int inside = 0;
        for (int i = 0; i < 2_000; i++) {
            IpAddress src = IpAddress.parse(near[rnd.nextInt(near.length)] + rnd.nextInt(256));
            IpAddress dst = IpAddress.parse(near[rnd.nextInt(near.length)] + rnd.nextInt(256));
            Packet p = Packet.builder(src, dst, rnd.nextBoolean() ? 6 : 17).sport(40000).dport(rnd.nextBoolean() ? 22 : 80)
                    .in("eth0").build();
            boolean kernel = oracle.matches(r.header(), r.matches(), p);
            assertThat(t.over().contains(p)).as("packet %s", p).isEqualTo(kernel);
            inside += kernel ? 1 : 0;
        }
        assertThat(inside).as("packets the rule matches").isBetween(1, 1_999);
    }

    @Test
    void ipv6AddressSetIsExact() {
        Translation t = translate(Family.IPV6, "-m set --match-set v6block src");
        assertThat(t.isExact()).isTrue();
        assertThat(t.over().contains(v6("2001:db8:1:ffff::1"))).isTrue();
        assertThat(t.over().contains(v6("2001:db8:2::5"))).isTrue();
        assertThat(t.over().contains(v6("2001:db8:2::6"))).isFalse();
        assertThat(t.over().contains(v6("2001:db8:3::1"))).isFalse();
    }

    private static Packet v6(String src) {
        return Packet.builder(IpAddress.parse(src), IpAddress.parse("2001:db8:ff::1"), 6).sport(40000).dport(22)
                .in("eth0").build();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "-m set --match-set unknown src | the contents of set unknown are not known (give them with --ipsets)",
        "-m set --match-set web dst,dst | set web is hash:ip,port; only address sets",
        "-m set --match-set holes src | set holes has nomatch elements",
        "-m set --match-set blocklist src,dst | set blocklist is matched with 2 directions",
    })
    void otherSetsStayApproximatedWithTheReason(String match, String reason) {
        Translation t = translate(Family.IPV4, match);
        assertThat(t.isExact()).isFalse();
        assertThat(t.reason()).contains("-m set: " + reason);
        assertThat(t.under().isEmpty()).isTrue();
    }

    @Test
    void aSetOfTheOtherFamilyIsApproximated() {
        Translation t = translate(Family.IPV6, "-m set --match-set blocklist src");
        assertThat(t.isExact()).isFalse();
        assertThat(t.reason()).contains("not IPv6 addresses");
    }
}
