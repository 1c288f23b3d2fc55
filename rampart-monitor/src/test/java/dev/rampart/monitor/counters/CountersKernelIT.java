package dev.rampart.monitor.counters;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.host.LiveRuleset;
import dev.rampart.host.Netns;
import dev.rampart.host.ProcessRunner;
import dev.rampart.host.RootRequirement;
import dev.rampart.model.Family;
import dev.rampart.model.TableName;
import dev.rampart.monitor.testing.MetricsText;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rule and policy counters against the kernel: rules loaded in a namespace, packets sent from a peer
 * namespace over a veth pair (198.18.0.0/15 only, bounded counts), and the exported values compared with
 * what the kernel's own {@code iptables -L -v -x} lists.
 */
class CountersKernelIT {
    static final String RULES = """
            *filter
            :INPUT DROP [0:0]
            :FORWARD DROP [0:0]
            :OUTPUT ACCEPT [0:0]
            :ssh - [0:0]
            -A INPUT -i lo -j ACCEPT
            -A INPUT -p tcp -m tcp --dport 22 -m comment --comment "ssh from the lab" -j ssh
            -A INPUT -p icmp -j ACCEPT
            -A ssh -s 198.18.0.2/32 -j ACCEPT
            -A ssh -j DROP
            COMMIT
            """;

    @BeforeAll
    static void requireRoot() {
        RootRequirement.requireRoot();
    }

    @Test
    void exportedCountersEqualTheKernelsAfterRealTraffic() {
        ProcessRunner host = new ProcessRunner().withTimeout(Duration.ofSeconds(30));
        try (Netns server = Netns.create(host, "rampart-w-"); Netns peer = Netns.create(host, "rampart-w-")) {
            String veth = "rw" + server.name().substring(server.name().length() - 6);
            host.check(List.of("ip", "link", "add", veth + "a", "netns", server.name(), "type", "veth", "peer", "name",
                    veth + "b", "netns", peer.name()), null);
            server.check("ip", "addr", "add", "198.18.0.1/24", "dev", veth + "a");
            server.check("ip", "link", "set", veth + "a", "up");
            peer.check("ip", "addr", "add", "198.18.0.2/24", "dev", veth + "b");
            peer.check("ip", "link", "set", veth + "b", "up");
            new LiveRuleset(server.runner()).load(Family.IPV4, RULES, false);

            // 5 SYNs to 22 (accepted by ssh rule 1), 3 SYNs to 23 (INPUT policy DROP), 2 pings (INPUT rule 3)
            peer.check("hping3", "-q", "-S", "-p", "22", "-c", "5", "-i", "u20000", "198.18.0.1");
            peer.exec("hping3", "-q", "-S", "-p", "23", "-c", "3", "-i", "u20000", "198.18.0.1");
            peer.check("hping3", "-q", "-1", "-c", "2", "-i", "u20000", "198.18.0.1");

            CounterSettings st = new CounterSettings(true, CounterSettings.Mode.ON_SCRAPE, Duration.ofSeconds(15), 1000,
                    List.of(Family.IPV4), List.of(TableName.values()), List.of("*"), Duration.ofSeconds(30));
            CounterSample sample = CounterSampler.live(server.runner(), st, Clock.systemUTC()).sample();
            PrometheusRegistry reg = new PrometheusRegistry();
            reg.register(new RuleCounterCollector(() -> sample, st, Clock.systemUTC()));
            String text = MetricsText.of(reg);

            Map<String, long[]> kernel = kernelListing(server, "INPUT");
            kernel.putAll(kernelListing(server, "ssh"));
            assertThat(kernel.get("ssh/1")[0]).as("SYNs to 22 from the peer").isEqualTo(5);
            assertThat(kernel.get("INPUT/policy")[0]).as("SYNs to 23 dropped by the policy").isGreaterThanOrEqualTo(3);
            assertThat(kernel.get("INPUT/3")[0]).as("pings").isEqualTo(2);
            for (Map.Entry<String, long[]> e : kernel.entrySet()) {
                String[] k = e.getKey().split("/");
                String labels;
                String metric;
                if (k[1].equals("policy")) {
                    metric = "rampart_policy";
                    labels = "{chain=\"" + k[0] + "\",family=\"ipv4\",table=\"filter\"}";
                } else {
                    metric = "rampart_rule";
                    String comment = k[0].equals("INPUT") && k[1].equals("2") ? "ssh from the lab" : "";
                    labels = "{chain=\"" + k[0] + "\",comment=\"" + comment + "\",family=\"ipv4\",rule=\"" + k[1]
                            + "\",table=\"filter\"}";
                }
                assertThat(text).contains(metric + "_packets_total" + labels + " " + (double) e.getValue()[0])
                        .contains(metric + "_bytes_total" + labels + " " + (double) e.getValue()[1]);
            }
        }
    }

    static final String RULES6 = """
            *filter
            :INPUT ACCEPT [0:0]
            :FORWARD DROP [0:0]
            :OUTPUT ACCEPT [0:0]
            -A INPUT -p udp -m udp --dport 5353 -m comment --comment "mdns dropped" -j DROP
            -A INPUT -p udp -m udp --dport 5354 -j ACCEPT
            COMMIT
            """;

    @Test
    void ipv6CountersEqualTheKernelsAfterRealTraffic() throws Exception {
        ProcessRunner host = new ProcessRunner().withTimeout(Duration.ofSeconds(30));
        try (Netns server = Netns.create(host, "rampart-w-"); Netns peer = Netns.create(host, "rampart-w-")) {
            String veth = "rw" + server.name().substring(server.name().length() - 6);
            host.check(List.of("ip", "link", "add", veth + "a", "netns", server.name(), "type", "veth", "peer", "name",
                    veth + "b", "netns", peer.name()), null);
            server.check("ip", "-6", "addr", "add", "2001:db8:18::1/64", "dev", veth + "a", "nodad");
            server.check("ip", "link", "set", veth + "a", "up");
            peer.check("ip", "-6", "addr", "add", "2001:db8:18::2/64", "dev", veth + "b", "nodad");
            peer.check("ip", "link", "set", veth + "b", "up");
            new LiveRuleset(server.runner()).load(Family.IPV6, RULES6, false);
            // 3 datagrams to 5353 (dropped, rule 1), 2 to 5354 (rule 2); bounded by count and socat's timeout
            for (int i = 0; i < 3; i++) {
                peer.exec("x" + i, List.of("socat", "-T", "2", "-u", "-", "UDP6-SENDTO:[2001:db8:18::1]:5353")).requireSuccess();
            }
            for (int i = 0; i < 2; i++) {
                peer.exec("y" + i, List.of("socat", "-T", "2", "-u", "-", "UDP6-SENDTO:[2001:db8:18::1]:5354")).requireSuccess();
            }
            CounterSettings st = new CounterSettings(true, CounterSettings.Mode.ON_SCRAPE, Duration.ofSeconds(15), 1000,
                    List.of(Family.IPV6), List.of(TableName.FILTER), List.of("*"), Duration.ofSeconds(30));
            CounterSample sample = CounterSampler.live(server.runner(), st, Clock.systemUTC()).sample();
            PrometheusRegistry reg = new PrometheusRegistry();
            reg.register(new RuleCounterCollector(() -> sample, st, Clock.systemUTC()));
            String text = MetricsText.of(reg);
            String listing = server.check("ip6tables", "-L", "INPUT", "-v", "-x", "-n", "--line-numbers").stdout();
            Map<String, long[]> kernel = new HashMap<>();
            for (String line : listing.split("\n")) {
                Matcher r = RULE.matcher(line);
                if (r.find()) {
                    kernel.put(r.group(1), new long[] {Long.parseLong(r.group(2)), Long.parseLong(r.group(3))});
                }
            }
            assertThat(kernel.get("1")[0]).isEqualTo(3);
            assertThat(kernel.get("2")[0]).isEqualTo(2);
            assertThat(text).contains("rampart_rule_packets_total{chain=\"INPUT\",comment=\"mdns dropped\",family=\"ipv6\",rule=\"1\",table=\"filter\"} 3.0",
                    "rampart_rule_bytes_total{chain=\"INPUT\",comment=\"mdns dropped\",family=\"ipv6\",rule=\"1\",table=\"filter\"} "
                            + (double) kernel.get("1")[1],
                    "rampart_rule_packets_total{chain=\"INPUT\",comment=\"\",family=\"ipv6\",rule=\"2\",table=\"filter\"} 2.0",
                    "rampart_rule_bytes_total{chain=\"INPUT\",comment=\"\",family=\"ipv6\",rule=\"2\",table=\"filter\"} "
                            + (double) kernel.get("2")[1]);
        }
    }

    private static final Pattern RULE = Pattern.compile("^\\s*(\\d+)\\s+(\\d+)\\s+(\\d+)\\s");
    private static final Pattern POLICY = Pattern.compile("^Chain (\\S+) \\(policy \\S+ (\\d+) packets, (\\d+) bytes\\)");

    /** The kernel's counters of {@code chain} as {@code iptables -L -v -x -n --line-numbers} lists them. */
    private static Map<String, long[]> kernelListing(Netns ns, String chain) {
        String out = ns.check("iptables", "-t", "filter", "-L", chain, "-v", "-x", "-n", "--line-numbers").stdout();
        Map<String, long[]> m = new HashMap<>();
        for (String line : out.split("\n")) {
            Matcher p = POLICY.matcher(line);
            if (p.find()) {
                m.put(chain + "/policy", new long[] {Long.parseLong(p.group(2)), Long.parseLong(p.group(3))});
            }
            Matcher r = RULE.matcher(line);
            if (r.find()) {
                m.put(chain + "/" + r.group(1), new long[] {Long.parseLong(r.group(2)), Long.parseLong(r.group(3))});
            }
        }
        return m;
    }

    /**
     * The cost of one reading on a big ruleset: run with {@code -Drampart.counters.bench=FILE} (e.g. the
     * 320k-rule kube-proxy file of docs/benchmarks.md); prints the timings. Skipped without the property.
     * First Rampart's own part (the file with counters added, no kernel), then the kernel: the file loaded
     * in a namespace, {@code iptables-save -c} per table and a reading of the filter table.
     */
    @Test
    void costOfOneReadingOnABigRuleset() throws Exception {
        String file = System.getProperty("rampart.counters.bench");
        Assumptions.assumeTrue(file != null, "set -Drampart.counters.bench=FILE to measure");
        String rules = Files.readString(Path.of(file));
        StringBuilder withCounters = new StringBuilder(rules.length() + rules.length() / 4);
        int n = 0;
        for (String line : rules.split("\n")) {
            if (line.startsWith("-A ")) {
                n++;
                withCounters.append('[').append(n % 1000).append(':').append((n % 1000) * 60L).append("] ");
            }
            withCounters.append(line).append('\n');
        }
        String saved = withCounters.toString();
        for (int max : new int[] {5_000, 1_000_000}) {
            CounterSettings st = new CounterSettings(true, CounterSettings.Mode.ON_SCRAPE, Duration.ofSeconds(15), max,
                    List.of(Family.IPV4), List.of(TableName.values()), List.of("*"), Duration.ofMinutes(5));
            CounterSampler sampler = new CounterSampler((f, t) -> saved, st, Clock.systemUTC());
            for (int i = 0; i < 7; i++) {
                long t0 = System.nanoTime();
                CounterSample s = sampler.sample();
                long t1 = System.nanoTime();
                PrometheusRegistry reg = new PrometheusRegistry();
                reg.register(new RuleCounterCollector(() -> s, st, Clock.systemUTC()));
                String text = MetricsText.of(reg);
                long t2 = System.nanoTime();
                System.out.printf("counters bench (no kernel): max_rules %d run %d: parse+extract %.0f ms, exposition %.0f ms,"
                                + " %d rules seen, %d exported, %d bytes of metrics%n", max, i, (t1 - t0) / 1e6,
                        (t2 - t1) / 1e6, s.rulesSeen(), s.rules().size(), text.length());
            }
        }
        Duration slow = Duration.ofMinutes(10);
        try (Netns ns = Netns.create(new ProcessRunner().withTimeout(slow), "rampart-w-")) {
            long l0 = System.nanoTime();
            new LiveRuleset(ns.runner().withTimeout(slow)).load(Family.IPV4, rules, false);
            System.out.printf("counters bench (kernel): iptables-restore of %d rules: %d ms%n", n, (System.nanoTime() - l0) / 1_000_000);
            for (TableName t : List.of(TableName.FILTER, TableName.MANGLE, TableName.NAT)) {
                long t0 = System.nanoTime();
                String out;
                try {
                    out = new LiveRuleset(ns.runner().withTimeout(slow)).save(Family.IPV4, t, true);
                    System.out.printf("counters bench (kernel): iptables-save -c -t %s: %d ms, %d bytes%n", t.id(),
                            (System.nanoTime() - t0) / 1_000_000, out.length());
                } catch (dev.rampart.host.HostException e) {
                    System.out.printf("counters bench (kernel): iptables-save -c -t %s failed after %d ms: %s%n", t.id(),
                            (System.nanoTime() - t0) / 1_000_000, e.getMessage());
                }
            }
            CounterSettings filterOnly = new CounterSettings(true, CounterSettings.Mode.ON_SCRAPE, Duration.ofSeconds(15),
                    5_000, List.of(Family.IPV4), List.of(TableName.FILTER, TableName.MANGLE, TableName.RAW), List.of("*"), slow);
            CounterSampler sampler = CounterSampler.live(ns.runner(), filterOnly, Clock.systemUTC());
            for (int i = 0; i < 3; i++) {
                long t0 = System.nanoTime();
                CounterSample s = sampler.sample();
                System.out.printf("counters bench (kernel): reading filter+mangle+raw: %d ms, %d rules, %d policies%n",
                        (System.nanoTime() - t0) / 1_000_000, s.rulesSeen(), s.policies().size());
            }
        }
    }
}
