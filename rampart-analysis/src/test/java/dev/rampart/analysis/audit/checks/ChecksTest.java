package dev.rampart.analysis.audit.checks;

import static dev.rampart.analysis.audit.AuditFixtures.context;
import static dev.rampart.analysis.audit.AuditFixtures.parse;
import static dev.rampart.analysis.audit.AuditFixtures.parse6;
import static dev.rampart.analysis.audit.AuditFixtures.run;
import static dev.rampart.analysis.audit.AuditFixtures.runHardened;
import static dev.rampart.analysis.audit.AuditFixtures.script;
import static dev.rampart.analysis.audit.AuditFixtures.webserver;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.analysis.audit.Finding;
import dev.rampart.analysis.audit.RuleRef;
import dev.rampart.analysis.audit.Severity;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every structural check: a ruleset with the problem gives the finding with the right rules (table,
 * chain, number, source line) and severity; the hardened example web server (with its IPv6 twin) and
 * near-misses give none.
 */
class ChecksTest {

    /** "filter INPUT rule 3" / "filter INPUT policy" for each rule of the finding. */
    static List<String> refs(Finding f) {
        return f.rules().stream().map(RuleRef::describe).toList();
    }

    static String header(String input, String forward, String output) {
        return "*filter\n:INPUT " + input + " [0:0]\n:FORWARD " + forward + " [0:0]\n:OUTPUT " + output + " [0:0]\n";
    }

    @Nested
    class RA101 {
        final DefaultPolicy check = new DefaultPolicy();

        @Test
        void acceptPoliciesAreReportedPerChainWithTheirSeverity() {
            List<Finding> f = run(check, header("ACCEPT", "ACCEPT", "ACCEPT")
                    + "-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\n-A FORWARD -i eth0 -j ACCEPT\nCOMMIT\n");
            assertThat(f).extracting(x -> refs(x).get(0) + " " + x.severity())
                    .containsExactly("filter INPUT policy HIGH", "filter FORWARD policy MEDIUM", "filter OUTPUT policy INFO");
            assertThat(f.get(0).rules().get(0).line()).isEqualTo(2);
            assertThat(f.get(0).fix()).startsWith("iptables -P INPUT DROP");
        }

        @Test
        void aChainEndingInAnUnconditionalRejectIsDefaultDeny() {
            List<Finding> f = run(check, header("ACCEPT", "DROP", "DROP")
                    + ":REJ - [0:0]\n-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\n-A INPUT -j REJ\n"
                    + "-A REJ -j REJECT --reject-with icmp-host-prohibited\nCOMMIT\n");
            assertThat(f).isEmpty();
        }

        @Test
        void noFilterTableAcceptsEverything() {
            List<Finding> f = run(check, "*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
                    + ":POSTROUTING ACCEPT [0:0]\n-A POSTROUTING -o eth0 -j MASQUERADE\nCOMMIT\n");
            assertThat(f).singleElement().satisfies(x -> {
                assertThat(x.severity()).isEqualTo(Severity.HIGH);
                assertThat(x.message()).contains("no filter table");
            });
        }

        @Test
        void hardenedHasOnlyTheInformativeOutputFinding() {
            assertThat(runHardened(check)).extracting(x -> refs(x).get(0) + " " + x.severity())
                    .containsOnly("filter OUTPUT policy INFO");
        }
    }

    @Nested
    class RA102 {
        final NoLoopbackAccept check = new NoLoopbackAccept();

        @Test
        void defaultDenyWithoutLoopbackAccept() {
            List<Finding> f = run(check, header("DROP", "DROP", "ACCEPT")
                    + "-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\nCOMMIT\n");
            assertThat(f).singleElement().satisfies(x -> {
                assertThat(refs(x)).containsExactly("filter INPUT policy");
                assertThat(x.fix()).isEqualTo("iptables -I INPUT 1 -i lo -j ACCEPT");
            });
        }

        @Test
        void loopbackAcceptInAUserChainCounts() {
            assertThat(run(check, header("DROP", "DROP", "ACCEPT") + ":before - [0:0]\n-A INPUT -j before\n"
                    + "-A before -i lo -j ACCEPT\nCOMMIT\n")).isEmpty();
        }

        @Test
        void hardenedHasNone() {
            assertThat(runHardened(check)).isEmpty();
        }
    }

    @Nested
    class RA103 {
        final LoopbackSpoofAccepted check = new LoopbackSpoofAccepted();

        @Test
        void loopbackSourceWithoutLoopbackDevice() {
            List<Finding> f = run(check, header("DROP", "DROP", "ACCEPT")
                    + "-A INPUT -i lo -j ACCEPT\n-A INPUT -s 127.0.0.1/32 -p tcp -m tcp --dport 6379 -j ACCEPT\nCOMMIT\n");
            assertThat(f).singleElement().satisfies(x -> {
                assertThat(refs(x)).containsExactly("filter INPUT rule 2");
                assertThat(x.message()).contains("-A INPUT -s 127.0.0.1/32 -p tcp -m tcp --dport 6379 -j ACCEPT");
                assertThat(x.witness()).isNotNull();
                assertThat(x.witness().in()).isNotEqualTo("lo");
            });
        }

        @Test
        void ipv6LoopbackToo() {
            List<Finding> f = check.run(context(parse6("*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n"
                    + ":OUTPUT ACCEPT [0:0]\n-A INPUT -s ::1/128 -j ACCEPT\nCOMMIT\n")));
            assertThat(f).singleElement().extracting(x -> refs(x).get(0)).isEqualTo("filter INPUT rule 1");
        }

        @Test
        void loopbackSourceOnLoopbackDeviceIsFine() {
            assertThat(run(check, header("DROP", "DROP", "ACCEPT") + "-A INPUT -s 127.0.0.0/8 -i lo -j ACCEPT\n"
                    + "-A INPUT -s 127.0.0.0/8 -j DROP\nCOMMIT\n")).isEmpty();
            assertThat(runHardened(check)).isEmpty();
        }
    }

    @Nested
    class RA104 {
        final NoEstablishedAccept check = new NoEstablishedAccept();

        @Test
        void inputAndForwardWithoutEstablished() {
            List<Finding> f = run(check, header("DROP", "DROP", "ACCEPT") + "-A INPUT -i lo -j ACCEPT\n"
                    + "-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\n-A FORWARD -i eth1 -o eth0 -j ACCEPT\nCOMMIT\n");
            assertThat(f).extracting(x -> refs(x).get(0) + " " + x.severity())
                    .containsExactly("filter INPUT policy HIGH", "filter FORWARD policy MEDIUM");
        }

        @Test
        void stateModuleCountsAndHardenedHasNone() {
            assertThat(run(check, header("DROP", "DROP", "ACCEPT")
                    + "-A INPUT -m state --state RELATED,ESTABLISHED -j ACCEPT\nCOMMIT\n")).isEmpty();
            assertThat(runHardened(check)).isEmpty();
        }
    }

    @Nested
    class RA105 {
        final EstablishedLate check = new EstablishedLate();

        @Test
        void establishedAfterTwelveRules() {
            StringBuilder sb = new StringBuilder(header("DROP", "DROP", "ACCEPT"));
            for (int i = 1; i <= 12; i++) {
                sb.append("-A INPUT -s 192.0.2.").append(i).append("/32 -p tcp -m tcp --dport 25 -j DROP\n");
            }
            sb.append("-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\nCOMMIT\n");
            List<Finding> f = run(check, sb.toString());
            assertThat(f).singleElement().satisfies(x -> {
                assertThat(refs(x)).containsExactly("filter INPUT rule 13");
                assertThat(x.message()).contains("only after 12 rules");
                assertThat(x.fix()).startsWith("iptables -D INPUT 13\niptables -I INPUT 1 -m conntrack --ctstate "
                        + "RELATED,ESTABLISHED -j ACCEPT");
            });
        }

        @Test
        void hardenedHasNone() {
            assertThat(runHardened(check)).isEmpty();
        }
    }

    @Nested
    class RA106 {
        final InvalidNotDropped check = new InvalidNotDropped();

        @Test
        void noInvalidDropFixGoesAfterEstablished() {
            List<Finding> f = run(check, header("DROP", "DROP", "ACCEPT") + "-A INPUT -i lo -j ACCEPT\n"
                    + "-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n"
                    + "-A INPUT -p tcp -m tcp --dport 80 -j ACCEPT\nCOMMIT\n");
            assertThat(f).singleElement().satisfies(x ->
                    assertThat(x.fix()).isEqualTo("iptables -I INPUT 3 -m conntrack --ctstate INVALID -j DROP"));
        }

        @Test
        void hardenedHasNone() {
            assertThat(runHardened(check)).isEmpty();
        }
    }

    @Nested
    class RA107 {
        final LogWithoutLimit check = new LogWithoutLimit();

        @Test
        void unlimitedLogAsInTheSeeds() {
            List<Finding> f = run(check, header("DROP", "DROP", "ACCEPT")
                    + "-A INPUT -m limit --limit 5/min -j LOG --log-prefix \"IPTABLES LIMITED: \" --log-level 7\n"
                    + "-A INPUT -j LOG --log-prefix \"IPTABLES DROPPED FINAL: \" --log-level 7\nCOMMIT\n");
            assertThat(f).singleElement().satisfies(x -> {
                assertThat(refs(x)).containsExactly("filter INPUT rule 2");
                assertThat(x.rules().get(0).line()).isEqualTo(6);
                assertThat(x.fix()).isEqualTo("iptables -R INPUT 2 -m limit --limit 5/min --limit-burst 10 "
                        + "-j LOG --log-prefix \"IPTABLES DROPPED FINAL: \" --log-level 7");
            });
        }

        @Test
        void logInAChainEnteredOnlyThroughALimitIsLimited() {
            assertThat(run(check, header("DROP", "DROP", "ACCEPT") + ":L - [0:0]\n-A INPUT -m limit --limit 3/min -j L\n"
                    + "-A L -j LOG\nCOMMIT\n")).isEmpty();
            assertThat(runHardened(check)).isEmpty();
        }
    }

    @Nested
    class RA108 {
        final DropsNotLogged check = new DropsNotLogged();

        @Test
        void dropsWithoutAnyLog() {
            assertThat(run(check, header("DROP", "DROP", "ACCEPT") + "-A INPUT -i lo -j ACCEPT\nCOMMIT\n"))
                    .singleElement().satisfies(x -> assertThat(x.fix()).contains("-j LOG --log-prefix"));
        }

        @Test
        void hardenedLogsItsDrops() {
            assertThat(runHardened(check)).isEmpty();
            assertThat(run(check, header("ACCEPT", "ACCEPT", "ACCEPT") + "COMMIT\n")).as("nothing dropped").isEmpty();
        }
    }

    @Nested
    class RA109 {
        final UnreachableAfterTerminal check = new UnreachableAfterTerminal();

        @Test
        void theSeedsDropBeforeAccept() {
            List<Finding> f = run(check, header("ACCEPT", "DROP", "ACCEPT")
                    + "-A INPUT -j DROP\n-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\nCOMMIT\n");
            assertThat(f).singleElement().satisfies(x -> {
                assertThat(refs(x)).containsExactly("filter INPUT rule 2", "filter INPUT rule 1");
                assertThat(x.rules().get(0).line()).isEqualTo(6);
                assertThat(x.message()).contains("-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT")
                        .contains("-A INPUT -j DROP");
                assertThat(x.fix()).contains("iptables -D INPUT 2\niptables -I INPUT 1 -p tcp -m tcp --dport 22 -j ACCEPT");
                assertThat(x.witness()).isNotNull();
                assertThat(x.witness().dport()).isEqualTo(22);
            });
        }

        @Test
        void anUnconditionalJumpToADroppingChainEndsTheChainToo() {
            List<Finding> f = run(check, header("ACCEPT", "DROP", "ACCEPT") + ":LOG_DROP - [0:0]\n"
                    + "-A INPUT -j LOG_DROP\n-A INPUT -p tcp -m tcp --dport 80 -j ACCEPT\n"
                    + "-A INPUT -p tcp -m tcp --dport 443 -j ACCEPT\n"
                    + "-A LOG_DROP -m limit --limit 5/min -j LOG\n-A LOG_DROP -j DROP\nCOMMIT\n");
            assertThat(f).extracting(x -> refs(x).get(0)).containsExactly("filter INPUT rule 2", "filter INPUT rule 3");
        }

        @Test
        void aConditionalDropOrAFinalJumpIsFine() {
            assertThat(run(check, header("ACCEPT", "DROP", "ACCEPT") + "-A INPUT -s 192.0.2.0/24 -j DROP\n"
                    + "-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\nCOMMIT\n")).isEmpty();
            assertThat(runHardened(check)).isEmpty();
        }
    }

    @Nested
    class RA110 {
        final IpsetCandidate check = new IpsetCandidate();

        static String blocklist(int n) {
            StringBuilder sb = new StringBuilder(header("DROP", "DROP", "ACCEPT"));
            sb.append("-A INPUT -i lo -j ACCEPT\n");
            for (int i = 1; i <= n; i++) {
                sb.append("-A INPUT -s 203.0.113.").append(i).append("/32 -j DROP\n");
            }
            sb.append("-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\nCOMMIT\n");
            return sb.toString();
        }

        @Test
        void twelveSingleAddressDropsBecomeOneSetRule() {
            List<Finding> f = run(check, blocklist(12));
            assertThat(f).singleElement().satisfies(x -> {
                assertThat(x.rules()).hasSize(12);
                assertThat(refs(x).get(0)).isEqualTo("filter INPUT rule 2");
                assertThat(refs(x).get(11)).isEqualTo("filter INPUT rule 13");
                assertThat(x.message()).startsWith("rules 2-13 of filter INPUT (12 rules");
                assertThat(x.fix()).contains("ipset create input-src hash:ip\n")
                        .contains("ipset add input-src 203.0.113.1\n").contains("ipset add input-src 203.0.113.12\n")
                        .contains("iptables -I INPUT 2 -m set --match-set input-src src -j DROP\n")
                        .contains("for i in $(seq 12); do iptables -D INPUT 3; done");
            });
        }

        @Test
        void shortOrInterleavedListsAreNotReported() {
            assertThat(run(check, blocklist(IpsetCandidate.MIN_RULES - 1))).isEmpty();
            StringBuilder sb = new StringBuilder(header("DROP", "DROP", "ACCEPT"));
            for (int i = 1; i <= 12; i++) {
                sb.append("-A INPUT -s 203.0.113.").append(i).append("/32 -j DROP\n");
                sb.append("-A INPUT -s 198.51.100.").append(i).append("/32 -p tcp -m tcp --dport 22 -j ACCEPT\n");
            }
            assertThat(run(check, sb + "COMMIT\n")).isEmpty();
            assertThat(runHardened(check)).isEmpty();
        }
    }

    @Nested
    class RA111 {
        final Ipv6Missing check = new Ipv6Missing();

        @Test
        void ipv4AloneMayLeaveIpv6Open() {
            assertThat(check.run(context(parse(webserver())))).singleElement().satisfies(x -> {
                assertThat(refs(x)).containsExactly("filter INPUT policy");
                assertThat(x.rules().get(0).line()).isEqualTo(4);
                assertThat(x.severity()).isEqualTo(Severity.LOW);
            });
        }

        @Test
        void givenIpv6RulesNothingIsReported() {
            assertThat(runHardened(check)).isEmpty();
            assertThat(check.run(script("iptables -P INPUT DROP\niptables -A INPUT -i lo -j ACCEPT\n"
                    + "ip6tables -P INPUT DROP\nip6tables -A INPUT -i lo -j ACCEPT\n"))).isEmpty();
        }
    }

    @Nested
    class RA112 {
        final ForwardOpenNonRouter check = new ForwardOpenNonRouter();

        @Test
        void emptyAcceptingForwardWithoutNat() {
            List<Finding> f = run(check, header("DROP", "ACCEPT", "ACCEPT") + "-A INPUT -i lo -j ACCEPT\nCOMMIT\n");
            assertThat(f).singleElement().satisfies(x -> {
                assertThat(refs(x)).containsExactly("filter FORWARD policy");
                assertThat(x.witness().in()).isNotNull();
                assertThat(x.witness().out()).isNotNull();
            });
            assertThat(new DefaultPolicy().run(context(parse(header("DROP", "ACCEPT", "DROP") + "COMMIT\n"))))
                    .as("RA101 leaves this case to RA112").isEmpty();
        }

        @Test
        void aRouterWithNatIsNotThisCase() {
            assertThat(run(check, "*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
                    + ":POSTROUTING ACCEPT [0:0]\n-A POSTROUTING -o eth0 -j MASQUERADE\nCOMMIT\n"
                    + header("DROP", "ACCEPT", "ACCEPT") + "COMMIT\n")).isEmpty();
            assertThat(runHardened(check)).isEmpty();
        }
    }

    @Nested
    class RA113 {
        final DockerUserEmpty check = new DockerUserEmpty();

        static String docker(String dockerUser) {
            return "*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n"
                    + ":DOCKER - [0:0]\n-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER\n"
                    + "-A DOCKER -i docker0 -j RETURN\n"
                    + "-A DOCKER ! -i docker0 -p tcp -m tcp --dport 6379 -j DNAT --to-destination 172.17.0.2:6379\n"
                    + "COMMIT\n" + header("DROP", "DROP", "ACCEPT") + ":DOCKER - [0:0]\n:DOCKER-USER - [0:0]\n"
                    + "-A INPUT -i lo -j ACCEPT\n-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\n"
                    + "-A FORWARD -j DOCKER-USER\n-A FORWARD -o docker0 -j DOCKER\n"
                    + "-A DOCKER -d 172.17.0.2/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 6379 -j ACCEPT\n"
                    + dockerUser + "COMMIT\n";
        }

        @Test
        void emptyDockerUserNamesThePublishedPorts() {
            List<Finding> f = run(check, docker("-A DOCKER-USER -j RETURN\n"));
            assertThat(f).singleElement().satisfies(x -> {
                assertThat(x.message()).contains("DOCKER-USER is empty").contains("tcp 6379 -> 172.17.0.2:6379");
                assertThat(refs(x)).containsExactly("filter DOCKER-USER chain");
                assertThat(x.fix()).contains("-I DOCKER-USER 3 ! -i docker0 -j DROP");
            });
        }

        @Test
        void filteringInDockerUserIsFine() {
            assertThat(run(check, docker("-A DOCKER-USER -p tcp -m tcp --dport 6379 ! -s 10.0.0.0/8 -j DROP\n"
                    + "-A DOCKER-USER -j RETURN\n"))).isEmpty();
            assertThat(runHardened(check)).isEmpty();
        }
    }

    @Nested
    class RA114 {
        final ManagedChainsMixed check = new ManagedChainsMixed();

        static String ufw(String extra) {
            return header("DROP", "DROP", "ACCEPT") + ":ufw-before-input - [0:0]\n:ufw-user-input - [0:0]\n"
                    + "-A INPUT -j ufw-before-input\n" + extra
                    + "-A ufw-before-input -i lo -j ACCEPT\n-A ufw-before-input -j ufw-user-input\n"
                    + "-A ufw-user-input -p tcp -m tcp --dport 22 -j ACCEPT\nCOMMIT\n";
        }

        @Test
        void handWrittenRuleNextToUfw() {
            List<Finding> f = run(check, ufw("-A INPUT -p tcp -m tcp --dport 8080 -j ACCEPT\n"));
            assertThat(f).singleElement().satisfies(x -> {
                assertThat(refs(x)).containsExactly("filter INPUT rule 2");
                assertThat(x.fix()).contains("-A ufw-before-input -p tcp -m tcp --dport 8080 -j ACCEPT")
                        .contains("iptables -D INPUT 2");
            });
        }

        @Test
        void pureUfwAndOtherToolsJumpsAreFine() {
            assertThat(run(check, ufw(""))).isEmpty();
            assertThat(runHardened(check)).isEmpty();
        }
    }

    @Nested
    class RA115 {
        final OutputDropNoReplies check = new OutputDropNoReplies();

        @Test
        void strictOutputWithoutRepliesOrDns() {
            List<Finding> f = run(check, header("DROP", "DROP", "DROP") + "-A OUTPUT -o lo -j ACCEPT\nCOMMIT\n");
            assertThat(f).extracting(Finding::message).hasSize(2)
                    .anySatisfy(m -> assertThat(m).contains("ESTABLISHED"))
                    .anySatisfy(m -> assertThat(m).contains("DNS"));
        }

        @Test
        void strictOutputDoneRight() {
            assertThat(run(check, header("DROP", "DROP", "DROP") + "-A OUTPUT -o lo -j ACCEPT\n"
                    + "-A OUTPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n"
                    + "-A OUTPUT -d 192.0.2.53/32 -p udp -m udp --dport 53 -j ACCEPT\nCOMMIT\n")).isEmpty();
            assertThat(runHardened(check)).isEmpty();
        }
    }

    @Nested
    class RA116 {
        final IcmpAllDropped check = new IcmpAllDropped();

        @Test
        void ipv4WithoutRelatedOrIcmp() {
            assertThat(run(check, header("DROP", "DROP", "ACCEPT") + "-A INPUT -i lo -j ACCEPT\n"
                    + "-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\nCOMMIT\n"))
                    .singleElement().satisfies(x -> assertThat(x.message()).contains("path-MTU"));
        }

        @Test
        void ipv6WithoutNeighbourDiscovery() {
            List<Finding> f = check.run(context(parse6("*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n"
                    + ":OUTPUT ACCEPT [0:0]\n-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\nCOMMIT\n")));
            assertThat(f).singleElement().satisfies(x -> {
                assertThat(x.severity()).isEqualTo(Severity.HIGH);
                assertThat(x.message()).contains("neighbour discovery");
            });
        }

        @Test
        void hardenedHasNone() {
            assertThat(runHardened(check)).isEmpty();
        }
    }

    @Nested
    class RA117 {
        final EchoUnlimited check = new EchoUnlimited();

        @Test
        void echoAndAllIcmpWithoutLimit() {
            List<Finding> f = run(check, header("DROP", "DROP", "ACCEPT")
                    + "-A INPUT -p icmp -m icmp --icmp-type 8 -j ACCEPT\n-A INPUT -p icmp -j ACCEPT\nCOMMIT\n");
            assertThat(f).extracting(x -> refs(x).get(0)).containsExactly("filter INPUT rule 1", "filter INPUT rule 2");
            assertThat(f.get(0).fix())
                    .isEqualTo("iptables -R INPUT 1 -p icmp -m icmp --icmp-type 8 -m limit --limit 1/sec --limit-burst 5 -j ACCEPT");
            assertThat(f.get(1).fix()).contains("iptables -I INPUT 3 -p icmp -m icmp ! --icmp-type 8 -j ACCEPT");
        }

        @Test
        void limitedOrRestrictedEchoIsFine() {
            assertThat(run(check, header("DROP", "DROP", "ACCEPT") + ":MON - [0:0]\n"
                    + "-A INPUT -s 192.0.2.0/24 -p icmp -m icmp --icmp-type 8 -j ACCEPT\n"
                    + "-A INPUT -p icmp -m icmp --icmp-type 3 -j ACCEPT\n-A INPUT -s 198.51.100.7/32 -j MON\n"
                    + "-A MON -p icmp -j ACCEPT\nCOMMIT\n")).isEmpty();
            assertThat(runHardened(check)).isEmpty();
        }
    }

    @Nested
    class RA118 {
        final AcceptAll check = new AcceptAll();

        @Test
        void protocolOnlyAccepts() {
            List<Finding> f = run(check, header("DROP", "DROP", "ACCEPT") + "-A INPUT -i lo -j ACCEPT\n"
                    + "-A INPUT -p tcp -j ACCEPT\n-A INPUT -p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -m limit "
                    + "--limit 5/sec -j ACCEPT\n-A FORWARD -j ACCEPT\nCOMMIT\n");
            assertThat(f).extracting(x -> refs(x).get(0) + " " + x.severity()).containsExactly(
                    "filter INPUT rule 2 HIGH", "filter INPUT rule 3 HIGH", "filter FORWARD rule 1 HIGH");
            assertThat(f.get(1).message()).contains("up to its rate limit");
        }

        @Test
        void conditionalEntryOrPortsAreRestrictions() {
            assertThat(run(check, header("DROP", "DROP", "ACCEPT") + ":TRUSTED - [0:0]\n"
                    + "-A INPUT -s 10.0.0.0/8 -j TRUSTED\n-A INPUT -p udp -m udp --dport 53 -j ACCEPT\n"
                    + "-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n-A TRUSTED -j ACCEPT\nCOMMIT\n"))
                    .isEmpty();
            assertThat(runHardened(check)).isEmpty();
        }
    }

    @Nested
    class RA119 {
        final UnreferencedUserChain check = new UnreferencedUserChain();

        @Test
        void chainNobodyJumpsTo() {
            List<Finding> f = run(check, header("DROP", "DROP", "ACCEPT") + ":OLD - [0:0]\n:ufw-user-limit - [0:0]\n"
                    + "-A OLD -p tcp -m tcp --dport 21 -j ACCEPT\nCOMMIT\n");
            assertThat(f).singleElement().satisfies(x -> {
                assertThat(refs(x)).containsExactly("filter OLD rule 1");
                assertThat(x.fix()).contains("iptables -X OLD");
            });
        }

        @Test
        void hardenedHasNone() {
            assertThat(runHardened(check)).isEmpty();
        }
    }

    @Nested
    class RA120 {
        final EmptyUserChain check = new EmptyUserChain();

        @Test
        void jumpToEmptyChain() {
            List<Finding> f = run(check, header("DROP", "DROP", "ACCEPT") + ":SSH - [0:0]\n-A INPUT -i lo -j ACCEPT\n"
                    + "-A INPUT -p tcp -m tcp --dport 22 -j SSH\nCOMMIT\n");
            assertThat(f).singleElement().satisfies(x -> {
                assertThat(refs(x)).containsExactly("filter INPUT rule 2");
                assertThat(x.fix()).contains("iptables -D INPUT 2\niptables -X SSH");
            });
        }

        @Test
        void hardenedHasNone() {
            assertThat(runHardened(check)).isEmpty();
        }
    }

    @Nested
    class RA121 {
        final RuleNeverHit check = new RuleNeverHit();

        @Test
        void zeroCountersAfterRealTraffic() {
            List<Finding> f = run(check, "*filter\n:INPUT DROP [5:300]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [9:900]\n"
                    + "[120:9000] -A INPUT -i lo -j ACCEPT\n[0:0] -A INPUT -p tcp -m tcp --dport 23 -j ACCEPT\n"
                    + "[40:2400] -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\nCOMMIT\n");
            assertThat(f).singleElement().satisfies(x -> {
                assertThat(refs(x)).containsExactly("filter INPUT rule 2");
                assertThat(x.message()).startsWith("1 of 3 rules of filter INPUT never matched");
            });
        }

        @Test
        void noCountersOrAllZeroSaysNothing() {
            assertThat(run(check, "*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n"
                    + "[0:0] -A INPUT -i lo -j ACCEPT\n[0:0] -A INPUT -p tcp -m tcp --dport 23 -j ACCEPT\nCOMMIT\n"))
                    .isEmpty();
            assertThat(runHardened(check)).isEmpty();
        }
    }

    @Nested
    class RA122 {
        final HotRuleLate check = new HotRuleLate();

        static String counted(int hotAt) {
            StringBuilder sb = new StringBuilder("*filter\n:INPUT DROP [10:600]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n");
            for (int i = 1; i <= 12; i++) {
                long p = i == hotAt ? 100000 : 3;
                sb.append('[').append(p).append(":1000] -A INPUT -s 192.0.2.").append(i)
                        .append("/32 -p tcp -m tcp --dport 8").append(String.format("%03d", i)).append(" -j ACCEPT\n");
            }
            return sb + "COMMIT\n";
        }

        @Test
        void busyRuleAtTheEnd() {
            assertThat(run(check, counted(12))).singleElement().satisfies(x -> {
                assertThat(refs(x)).containsExactly("filter INPUT rule 12");
                assertThat(x.message()).contains("comes after 11 rules that together matched 33");
                assertThat(x.fix()).contains("iptables -I INPUT 1 -s 192.0.2.12/32");
            });
        }

        @Test
        void busyRuleEarlyIsFine() {
            assertThat(run(check, counted(2))).isEmpty();
            assertThat(runHardened(check)).isEmpty();
        }
    }

    /**
     * Every check has its positive and negative cases: a nested class here named after its id, or a test
     * class of its own ({@code <CheckClass>Test} in the check's package); and every nested class here
     * names a catalogued check.
     */
    @Test
    void everyCheckIsCovered() {
        java.util.Set<String> nested = java.util.Arrays.stream(ChecksTest.class.getDeclaredClasses())
                .map(Class::getSimpleName).collect(Collectors.toSet());
        for (var c : dev.rampart.analysis.audit.CheckCatalog.all()) {
            boolean own;
            try {
                Class.forName(c.getClass().getName() + "Test");
                own = true;
            } catch (ClassNotFoundException e) {
                own = false;
            }
            assertThat(nested.contains(c.id()) || own).as("tests of %s (%s)", c.id(), c.getClass().getSimpleName())
                    .isTrue();
        }
        java.util.Set<String> ids = dev.rampart.analysis.audit.CheckCatalog.all().stream().map(c -> c.id())
                .collect(Collectors.toSet());
        assertThat(ids).containsAll(nested);
    }
}
