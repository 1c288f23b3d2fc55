package dev.rampart.monitor.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.model.Family;
import dev.rampart.model.Ruleset;
import dev.rampart.model.ipset.IpSetParser;
import dev.rampart.model.ipset.IpSets;
import dev.rampart.model.parse.RestoreParser;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DriftCheckTest {
    static final String APPROVED = """
            *filter
            :INPUT DROP [0:0]
            :FORWARD DROP [0:0]
            :OUTPUT ACCEPT [0:0]
            -A INPUT -i lo -j ACCEPT
            -A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
            -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
            COMMIT
            """;

    static Ruleset v4(String text) {
        RestoreParser.Result r = new RestoreParser(Family.IPV4).parse(text, "<test>");
        assertThat(r.diagnostics().hasErrors()).as(r.diagnostics().all().toString()).isFalse();
        return r.ruleset();
    }

    static IpSets sets(String text) {
        IpSetParser.Result r = new IpSetParser().parse(text, "<sets>");
        assertThat(r.diagnostics().hasErrors()).as(r.diagnostics().all().toString()).isFalse();
        return r.sets();
    }

    static DriftReport check(String approved, String live, String... expect) {
        return new DriftCheck(ExpectedChanges.parse(List.of(expect)))
                .compare("test", new FirewallState(v4(approved), null, null), new FirewallState(v4(live), null, null),
                        Instant.EPOCH);
    }

    @Test
    void sameRulesetInAnotherSpellingIsNoDrift() {
        String respelled = APPROVED.replace("-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT",
                "-A INPUT -p tcp --dport ssh -j ACCEPT").replace("[0:0]", "[123:4567]");
        DriftReport r = check(APPROVED, respelled);
        assertThat(r.drifted()).isFalse();
        assertThat(r.families().get(0).compared()).isTrue();
        assertThat(r.families().get(1).compared()).isFalse();
        assertThat(DriftReportWriter.text(r)).contains("no drift from approved state test", "IPv4: no drift",
                "IPv6: not compared (no approved ruleset)", "ipsets: not compared");
    }

    @Test
    void anEmptyTableTheKernelHasLoadedIsNoDrift() {
        String live = APPROVED + "*mangle\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n"
                + ":OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\nCOMMIT\n";
        assertThat(check(APPROVED, live).drifted()).isFalse();
    }

    @Test
    void anInsertedAcceptIsReportedWithItsPacketWitnessAndDecidingRule() {
        String live = APPROVED.replace("-A INPUT -i lo -j ACCEPT",
                "-A INPUT -p tcp -m tcp --dport 23 -j ACCEPT\n-A INPUT -i lo -j ACCEPT");
        DriftReport r = check(APPROVED, live);
        assertThat(r.drifted()).isTrue();
        FamilyDrift f = r.families().get(0);
        assertThat(f.differences()).containsExactly(new RuleDifference(Family.IPV4, dev.rampart.model.TableName.FILTER,
                "INPUT", RuleDifference.Kind.RULE_ADDED, "-A INPUT -p tcp -m tcp --dport 23 -j ACCEPT"));
        assertThat(f.fateChanges()).hasSize(1);
        FateChange c = f.fateChanges().get(0);
        assertThat(c.approvedFate()).isEqualTo("DROP");
        assertThat(c.liveFate()).isEqualTo("ACCEPT");
        assertThat(c.change().witness().dport()).isEqualTo(23);
        assertThat(c.change().witness().protocol()).isEqualTo(6);
        assertThat(c.approvedDecider().isPolicy()).isTrue();
        assertThat(c.liveDecider().rule()).isEqualTo(1);
        assertThat(c.liveRule()).isEqualTo("-A INPUT -p tcp -m tcp --dport 23 -j ACCEPT");
        String text = DriftReportWriter.text(r);
        assertThat(text).contains("1 packet class changes fate, 1 rule difference",
                "IPv4 filter INPUT: DROP -> ACCEPT", "dport 23", "approved: filter INPUT policy: :INPUT DROP",
                "live: filter INPUT rule 1: -A INPUT -p tcp -m tcp --dport 23 -j ACCEPT",
                "IPv4 filter INPUT: rule added: -A INPUT -p tcp -m tcp --dport 23 -j ACCEPT");
        var json = DriftReportWriter.json(r);
        assertThat(json.get("drift").asBoolean()).isTrue();
        var fc = json.get("families").get(0).get("fate_changes").get(0);
        assertThat(fc.get("witness").get("dport").asInt()).isEqualTo(23);
        assertThat(fc.get("live").get("decided_by").get("rule").asInt()).isEqualTo(1);
        assertThat(fc.get("approved").get("decided_by").get("policy").asBoolean()).isTrue();
    }

    @Test
    void aRuleThatChangesNoFateIsStillStructuralDrift() {
        String live = APPROVED.replace("-A INPUT -i lo -j ACCEPT",
                "-A INPUT -i lo -j ACCEPT\n-A INPUT -p tcp -m tcp --dport 23 -j LOG --log-prefix \"telnet \"");
        DriftReport r = check(APPROVED, live);
        assertThat(r.drifted()).isTrue();
        assertThat(r.fateChangeCount()).isZero();
        assertThat(r.families().get(0).differences()).extracting(RuleDifference::kind)
                .containsExactly(RuleDifference.Kind.RULE_ADDED);
    }

    @Test
    void removedRulesPoliciesChainsAndReorderingsAreNamed() {
        String live = """
                *filter
                :INPUT DROP [0:0]
                :FORWARD ACCEPT [0:0]
                :OUTPUT ACCEPT [0:0]
                :extra - [0:0]
                -A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
                -A INPUT -i lo -j ACCEPT
                COMMIT
                """;
        DriftReport r = check(APPROVED, live);
        assertThat(r.families().get(0).differences()).extracting(RuleDifference::kind, RuleDifference::chain)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(RuleDifference.Kind.RULE_REMOVED, "INPUT"),
                        org.assertj.core.groups.Tuple.tuple(RuleDifference.Kind.POLICY_CHANGED, "FORWARD"),
                        org.assertj.core.groups.Tuple.tuple(RuleDifference.Kind.CHAIN_ADDED, "extra"));
        assertThat(r.families().get(0).differences().get(1).detail()).isEqualTo("DROP -> ACCEPT");
        String reordered = APPROVED.replace("-A INPUT -i lo -j ACCEPT\n-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
                "-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n-A INPUT -i lo -j ACCEPT");
        DriftReport r2 = check(APPROVED, reordered);
        assertThat(r2.families().get(0).differences()).extracting(RuleDifference::kind)
                .containsExactly(RuleDifference.Kind.RULES_REORDERED);
        assertThat(r2.fateChangeCount()).isZero();
    }

    static final String DOCKER = """
            *nat
            :PREROUTING ACCEPT [0:0]
            :INPUT ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            :POSTROUTING ACCEPT [0:0]
            :DOCKER - [0:0]
            -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
            -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
            -A DOCKER -i docker0 -j RETURN
            -A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80
            COMMIT
            *filter
            :INPUT DROP [0:0]
            :FORWARD DROP [0:0]
            :OUTPUT ACCEPT [0:0]
            :DOCKER - [0:0]
            :DOCKER-USER - [0:0]
            -A INPUT -i lo -j ACCEPT
            -A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
            -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
            -A FORWARD -j DOCKER-USER
            -A FORWARD -o docker0 -j DOCKER
            -A FORWARD -i docker0 ! -o docker0 -j ACCEPT
            -A DOCKER -d 172.17.0.2/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT
            -A DOCKER-USER -j RETURN
            COMMIT
            """;

    @Test
    void dockersChainsAndBridgeRulesAreIgnoredWhenDeclared() {
        assertThat(check(APPROVED, DOCKER, "docker").drifted()).isFalse();
        DriftReport undeclared = check(APPROVED, DOCKER);
        assertThat(undeclared.drifted()).isTrue();
        assertThat(undeclared.fateChangeCount()).isPositive();
        // only the chains declared: the bridge rules in FORWARD and POSTROUTING remain drift
        DriftReport chainsOnly = check(APPROVED, DOCKER, "chain:DOCKER*");
        assertThat(chainsOnly.families().get(0).differences()).extracting(RuleDifference::detail)
                .containsExactlyInAnyOrder("-A FORWARD -i docker0 ! -o docker0 -j ACCEPT",
                        "-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE");
    }

    @Test
    void decidingRulesAreNumberedAsInTheLiveRulesetNotTheFilteredOne() {
        String live = APPROVED.replace(":OUTPUT ACCEPT [0:0]\n", ":OUTPUT ACCEPT [0:0]\n:KUBE-FIREWALL - [0:0]\n")
                .replace("-A INPUT -i lo -j ACCEPT",
                        "-A INPUT -j KUBE-FIREWALL\n-A INPUT -j KUBE-FIREWALL\n-A INPUT -p tcp -m tcp --dport 23 -j ACCEPT\n-A INPUT -i lo -j ACCEPT");
        DriftReport r = check(APPROVED, live, "kube-proxy");
        FateChange c = r.families().get(0).fateChanges().get(0);
        assertThat(c.liveDecider().rule()).isEqualTo(3);
        assertThat(c.liveRule()).isEqualTo("-A INPUT -p tcp -m tcp --dport 23 -j ACCEPT");
    }

    @Test
    void banSetsTheirRulesAndMembersAreIgnoredWhenDeclared() {
        String live = APPROVED.replace("-A INPUT -i lo -j ACCEPT",
                "-A INPUT -m set --match-set rampart-ban-v4 src -j DROP\n-A INPUT -i lo -j ACCEPT");
        String approvedSets = "create allow hash:net family inet hashsize 1024 maxelem 65536\nadd allow 198.51.100.0/24\n";
        String liveSets = "create allow hash:net family inet hashsize 4096 maxelem 65536 bucketsize 12 initval 0x1234abcd\n"
                + "add allow 198.51.100.0/24\n"
                + "create rampart-ban-v4 hash:ip family inet hashsize 1024 maxelem 65536 timeout 600\n"
                + "add rampart-ban-v4 192.0.2.7 timeout 412\n";
        DriftCheck check = new DriftCheck(ExpectedChanges.parse(List.of("rampart-bans")));
        DriftReport r = check.compare("t", new FirewallState(v4(APPROVED), null, sets(approvedSets)),
                new FirewallState(v4(live), null, sets(liveSets)), Instant.EPOCH);
        assertThat(r.drifted()).as(DriftReportWriter.text(r)).isFalse();
        assertThat(r.setsCompared()).isTrue();

        DriftReport undeclared = new DriftCheck(ExpectedChanges.NONE).compare("t",
                new FirewallState(v4(APPROVED), null, sets(approvedSets)),
                new FirewallState(v4(live), null, sets(liveSets)), Instant.EPOCH);
        assertThat(undeclared.sets()).extracting(SetDifference::kind)
                .containsExactly(SetDifference.Kind.SET_ADDED, SetDifference.Kind.MEMBER_ADDED);
        assertThat(undeclared.sets().get(1).detail()).isEqualTo("192.0.2.7");
    }

    @Test
    void ipsetMembershipAndOptionChangesAreDrift() {
        String a = "create allow hash:net family inet hashsize 1024 maxelem 65536\nadd allow 198.51.100.0/24\nadd allow 203.0.113.0/24\n";
        String l = "create allow hash:net family inet hashsize 1024 maxelem 1024\nadd allow 198.51.100.0/24\nadd allow 192.0.2.0/24\n";
        DriftReport r = new DriftCheck(ExpectedChanges.NONE).compare("t", new FirewallState(null, null, sets(a)),
                new FirewallState(null, null, sets(l)), Instant.EPOCH);
        assertThat(r.sets()).extracting(SetDifference::kind, SetDifference::detail).containsExactly(
                org.assertj.core.groups.Tuple.tuple(SetDifference.Kind.SET_CHANGED,
                        "create allow hash:net family inet maxelem 65536 -> create allow hash:net family inet maxelem 1024"),
                org.assertj.core.groups.Tuple.tuple(SetDifference.Kind.MEMBER_REMOVED, "203.0.113.0/24"),
                org.assertj.core.groups.Tuple.tuple(SetDifference.Kind.MEMBER_ADDED, "192.0.2.0/24"));
        assertThat(DriftReportWriter.text(r)).contains("ipset allow: member added: 192.0.2.0/24");
    }

    @Test
    void expectPatternsParseAndMatchWholeNames() {
        assertThat(ExpectPattern.parse("DOCKER*").matches("DOCKER-USER")).isTrue();
        assertThat(ExpectPattern.parse("chain:DOCKER*").matches("XDOCKER")).isFalse();
        assertThat(ExpectPattern.parse("comment:kube?proxy").matches("kube-proxy")).isTrue();
        assertThat(ExpectPattern.parse("set:a.b").matches("axb")).isFalse();
        assertThatThrownBy(() -> ExpectPattern.parse("chian:X")).hasMessageContaining("unknown pattern kind 'chian'");
        assertThat(ExpectedChanges.parse(List.of("docker", "chain:DOCKER*")).patterns()).hasSize(4);
    }

    @Test
    void commentPatternsRemoveCommentedRules() {
        String live = APPROVED.replace("-A INPUT -i lo -j ACCEPT",
                "-A INPUT -p tcp -m tcp --dport 10250 -m comment --comment \"kubelet api\" -j ACCEPT\n-A INPUT -i lo -j ACCEPT");
        assertThat(check(APPROVED, live, "comment:kubelet*").drifted()).isFalse();
        assertThat(check(APPROVED, live, "comment:other*").drifted()).isTrue();
    }

    @Test
    void aboveTheSemanticLimitOnlyStructuralDifferencesAreReported() {
        String live = APPROVED.replace("-A INPUT -i lo -j ACCEPT",
                "-A INPUT -p tcp -m tcp --dport 23 -j ACCEPT\n-A INPUT -i lo -j ACCEPT");
        DriftReport r = new DriftCheck(ExpectedChanges.NONE, 6).compare("t", new FirewallState(v4(APPROVED), null, null),
                new FirewallState(v4(live), null, null), Instant.EPOCH);
        FamilyDrift f = r.families().get(0);
        assertThat(f.drifted()).isTrue();
        assertThat(f.fateChanges()).isEmpty();
        assertThat(f.semanticSkippedRules()).isEqualTo(7);
        assertThat(DriftReportWriter.text(r)).contains("IPv4: packets not compared (7 rules, above drift.semantic_max_rules)");
        assertThat(DriftReportWriter.json(r).get("families").get(0).get("packets_compared").asBoolean()).isFalse();
        assertThat(new DriftCheck(ExpectedChanges.NONE, 7).compare("t", new FirewallState(v4(APPROVED), null, null),
                new FirewallState(v4(live), null, null), Instant.EPOCH).fateChangeCount()).isEqualTo(1);
    }

    static String shared(String path) {
        try {
            return java.nio.file.Files.readString(java.nio.file.Paths.get(System.getProperty("rampart.shared", "../../shared"))
                    .toAbsolutePath().normalize().resolve(path));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static final String EMPTY = "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n";

    @Test
    void aRealDockerHostIsNoDriftFromAnEmptyApprovedRulesetOnceDockerIsDeclared() {
        // moby's own test ruleset: default bridge docker0, a user bridge named bridge1, ipset docker-ext-bridges-v4
        String docker = shared("rulesets/docker/moby-usernet-portmap.rules");
        DriftReport declared = check(EMPTY, docker, "docker", "iface:bridge1");
        assertThat(declared.drifted()).as(DriftReportWriter.text(declared)).isFalse();
        DriftReport presetOnly = check(EMPTY, docker, "docker");
        assertThat(presetOnly.families().get(0).differences()).extracting(RuleDifference::detail).containsExactlyInAnyOrder(
                "-A FORWARD -i bridge1 ! -o bridge1 -j ACCEPT", "-A FORWARD -i bridge1 -o bridge1 -j ACCEPT",
                "-A POSTROUTING -s 192.0.2.0/24 ! -o bridge1 -j MASQUERADE");
        assertThat(check(EMPTY, docker).ruleDifferenceCount()).isGreaterThan(20);
    }

    @Test
    void aRealKubernetesMasterIsNoDriftOnceKubeProxyAndFlannelAreDeclared() {
        String k8s = shared("rulesets/k8s/kubeadm-flannel-k8s-master-2023-02.save");
        DriftReport r = check(EMPTY, k8s, "kube-proxy", "chain:FLANNEL-*", "docker");
        assertThat(r.drifted()).as(DriftReportWriter.text(r)).isFalse();
        DriftReport kubeOnly = check(EMPTY, k8s, "kube-proxy");
        assertThat(kubeOnly.families().get(0).differences()).extracting(RuleDifference::chain)
                .contains("FLANNEL-FWD", "FLANNEL-POSTRTG").noneMatch(c -> c.startsWith("KUBE-"));
    }
}
