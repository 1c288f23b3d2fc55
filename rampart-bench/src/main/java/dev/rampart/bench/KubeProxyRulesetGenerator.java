package dev.rampart.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Writes an {@code iptables-save} file shaped like the one a Kubernetes node running kube-proxy in
 * iptables mode carries: {@code N} ClusterIP services with {@code E} endpoints each.
 *
 * <p>The shape follows real dumps (see {@code shared/rulesets/k8s/*.save}) and kube-proxy's
 * {@code proxier.go} (1.2x):
 * <ul>
 *   <li>{@code *mangle} with the {@code KUBE-IPTABLES-HINT} and canary chains;</li>
 *   <li>{@code *filter} with {@code KUBE-FORWARD}, {@code KUBE-SERVICES}, {@code KUBE-EXTERNAL-SERVICES},
 *       {@code KUBE-FIREWALL}, {@code KUBE-NODEPORTS}, {@code KUBE-PROXY-FIREWALL} and their jumps;</li>
 *   <li>{@code *nat} with one {@code KUBE-SVC-<hash>} chain per service port and one
 *       {@code KUBE-SEP-<hash>} chain per endpoint. Per service: a {@code KUBE-SERVICES} rule matching the
 *       cluster IP and port, a masquerade rule for traffic from outside the cluster CIDR, and one
 *       {@code -m statistic --mode random --probability 1/(E-i)} jump per endpoint (the last without
 *       statistic). Per endpoint: a hairpin {@code KUBE-MARK-MASQ} rule and a {@code DNAT} rule.</li>
 * </ul>
 * Chain names are {@code KUBE-SVC-} / {@code KUBE-SEP-} plus the first 16 base32 characters of the
 * SHA-256 of the service port name and protocol (plus the endpoint for SEP chains), as kube-proxy
 * computes them. Chains and rules are printed in {@code iptables-save} order: built-in chains, then
 * user chains sorted by name, rules grouped by chain. Probabilities are printed as {@code iptables-save}
 * does: the value kube-proxy asks for, rounded to the kernel's 31-bit fixed point, with 11 decimals.
 *
 * <p>Output is a pure function of {@link Spec} (seeded {@link SplittableRandom}, no clock). The default
 * {@link Spec#LARGE} has 10,000 services x 10 endpoints = 320,025 rules on 430,067 lines.
 */
public final class KubeProxyRulesetGenerator {

    /**
     * What to generate.
     *
     * @param services  number of ClusterIP service ports (at least 1, at most 1,000,000)
     * @param endpoints endpoints per service (at least 1)
     * @param seed      seed of the pseudo-random names and addresses
     */
    public record Spec(int services, int endpoints, long seed) {
        /** 10,000 services x 10 endpoints: 320,025 rules. */
        public static final Spec LARGE = new Spec(10_000, 10, 20240601L);
        /** 1,000 services x 10 endpoints: 32,025 rules. */
        public static final Spec SMALL = new Spec(1_000, 10, 20240601L);

        public Spec {
            if (services < 1 || services > 1_000_000) {
                throw new IllegalArgumentException("services must be between 1 and 1000000, got " + services);
            }
            if (endpoints < 1 || endpoints > 10_000) {
                throw new IllegalArgumentException("endpoints must be between 1 and 10000, got " + endpoints);
            }
        }

        /** Number of rules ({@code -A} lines) the generated file holds. */
        public int ruleCount() {
            return FIXED_RULES + services * (2 + 3 * endpoints);
        }
    }

    /** Rules that do not depend on the number of services: 16 in filter, 9 in nat. */
    static final int FIXED_RULES = 25;

    private static final String HEADER_DATE = "Sat Jun  1 12:00:00 2024";
    private static final String[] WORDS = {"api", "web", "auth", "cart", "db", "cache", "queue", "search", "mail",
        "billing", "users", "orders", "catalog", "gateway", "metrics", "logs", "events", "media", "notify", "report"};
    private static final String[] TCP_PORT_NAMES = {"http", "https", "grpc", "metrics", ""};
    private static final int[] TCP_PORTS = {80, 443, 9090, 9100, 8080};
    private static final int[] TCP_TARGET_PORTS = {8080, 8443, 9090, 9100, 8080};
    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private KubeProxyRulesetGenerator() {
    }

    /** One service port and its endpoints. */
    private record Service(String portName, boolean udp, int port, int targetPort, int clusterIp, int[] endpointIps,
                           String svcChain, String[] sepChains) {
    }

    /** A user chain of the nat table and what it holds: a fixed chain, a SVC chain or a SEP chain. */
    private record NatChain(String name, int service, int endpoint) {
    }

    /** Generates {@code spec} as one string. */
    public static String generate(Spec spec) {
        StringBuilder sb = new StringBuilder(spec.ruleCount() * 130);
        try {
            write(spec, sb);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // StringBuilder does not throw
        }
        return sb.toString();
    }

    /** Generates {@code spec} into {@code file} (UTF-8, overwritten). */
    public static void generate(Spec spec, Path file) throws IOException {
        try (Writer w = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16)) {
            write(spec, w);
        }
    }

    /** Appends the whole file for {@code spec} to {@code out}. */
    public static void write(Spec spec, Appendable out) throws IOException {
        List<Service> services = services(spec);
        StringBuilder line = new StringBuilder(256);

        out.append("# Generated by iptables-save v1.8.9 (nf_tables) on ").append(HEADER_DATE).append('\n');
        out.append("*mangle\n");
        for (String c : List.of("PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING")) {
            out.append(':').append(c).append(" ACCEPT [0:0]\n");
        }
        out.append(":KUBE-IPTABLES-HINT - [0:0]\n:KUBE-KUBELET-CANARY - [0:0]\n:KUBE-PROXY-CANARY - [0:0]\nCOMMIT\n");
        completed(out);

        out.append("# Generated by iptables-save v1.8.9 (nf_tables) on ").append(HEADER_DATE).append('\n');
        out.append("""
                *filter
                :INPUT ACCEPT [0:0]
                :FORWARD ACCEPT [0:0]
                :OUTPUT ACCEPT [0:0]
                :KUBE-EXTERNAL-SERVICES - [0:0]
                :KUBE-FIREWALL - [0:0]
                :KUBE-FORWARD - [0:0]
                :KUBE-KUBELET-CANARY - [0:0]
                :KUBE-NODEPORTS - [0:0]
                :KUBE-PROXY-CANARY - [0:0]
                :KUBE-PROXY-FIREWALL - [0:0]
                :KUBE-SERVICES - [0:0]
                -A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL
                -A INPUT -m comment --comment "kubernetes health check service ports" -j KUBE-NODEPORTS
                -A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES
                -A INPUT -j KUBE-FIREWALL
                -A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL
                -A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD
                -A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
                -A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES
                -A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL
                -A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
                -A OUTPUT -j KUBE-FIREWALL
                -A KUBE-FIREWALL ! -s 127.0.0.0/8 -d 127.0.0.0/8 -m comment --comment "block incoming localnet connections" -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP
                -A KUBE-FIREWALL -m comment --comment "kubernetes firewall for dropping marked packets" -m mark --mark 0x8000/0x8000 -j DROP
                -A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP
                -A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT
                -A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
                COMMIT
                """);
        completed(out);

        // nat: user chains sorted by name, as iptables-save prints them
        List<NatChain> chains = new ArrayList<>(services.size() * (1 + spec.endpoints()) + 6);
        for (String fixed : List.of("KUBE-KUBELET-CANARY", "KUBE-MARK-DROP", "KUBE-MARK-MASQ", "KUBE-NODEPORTS",
                "KUBE-POSTROUTING", "KUBE-PROXY-CANARY", "KUBE-SERVICES")) {
            chains.add(new NatChain(fixed, -1, -1));
        }
        for (int s = 0; s < services.size(); s++) {
            Service svc = services.get(s);
            chains.add(new NatChain(svc.svcChain(), s, -1));
            for (int e = 0; e < svc.sepChains().length; e++) {
                chains.add(new NatChain(svc.sepChains()[e], s, e));
            }
        }
        chains.sort((a, b) -> a.name().compareTo(b.name()));

        out.append("# Generated by iptables-save v1.8.9 (nf_tables) on ").append(HEADER_DATE).append('\n');
        out.append("*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n");
        for (NatChain c : chains) {
            out.append(':').append(c.name()).append(" - [0:0]\n");
        }
        out.append("""
                -A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
                -A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
                -A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
                """);
        for (NatChain c : chains) {
            switch (c.name()) {
                case "KUBE-MARK-DROP" -> out.append("-A KUBE-MARK-DROP -j MARK --set-xmark 0x8000/0x8000\n");
                case "KUBE-MARK-MASQ" -> out.append("-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000\n");
                case "KUBE-POSTROUTING" -> out.append("""
                        -A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
                        -A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0
                        -A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully
                        """);
                case "KUBE-SERVICES" -> {
                    for (Service svc : services) {
                        line.setLength(0);
                        line.append("-A KUBE-SERVICES -d ");
                        ip(line, svc.clusterIp()).append("/32 -p ").append(proto(svc));
                        line.append(" -m comment --comment \"").append(svc.portName()).append(" cluster IP\" -m ")
                                .append(proto(svc)).append(" --dport ").append(svc.port()).append(" -j ")
                                .append(svc.svcChain()).append('\n');
                        out.append(line);
                    }
                    out.append("-A KUBE-SERVICES -m comment --comment \"kubernetes service nodeports; NOTE: this must"
                            + " be the last rule in this chain\" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS\n");
                }
                default -> {
                    if (c.service() >= 0) {
                        line.setLength(0);
                        Service svc = services.get(c.service());
                        if (c.endpoint() < 0) {
                            svcRules(line, svc);
                        } else {
                            sepRules(line, svc, c.endpoint());
                        }
                        out.append(line);
                    }
                }
            }
        }
        out.append("COMMIT\n");
        completed(out);
    }

    private static void completed(Appendable out) throws IOException {
        out.append("# Completed on ").append(HEADER_DATE).append('\n');
    }

    private static String proto(Service svc) {
        return svc.udp() ? "udp" : "tcp";
    }

    private static void svcRules(StringBuilder line, Service svc) {
        line.append("-A ").append(svc.svcChain()).append(" ! -s 10.244.0.0/16 -d ");
        ip(line, svc.clusterIp()).append("/32 -p ").append(proto(svc)).append(" -m comment --comment \"")
                .append(svc.portName()).append(" cluster IP\" -m ").append(proto(svc)).append(" --dport ")
                .append(svc.port()).append(" -j KUBE-MARK-MASQ\n");
        int n = svc.sepChains().length;
        for (int i = 0; i < n; i++) {
            line.append("-A ").append(svc.svcChain()).append(" -m comment --comment \"").append(svc.portName())
                    .append('"');
            if (i < n - 1) {
                line.append(" -m statistic --mode random --probability ").append(probability(n - i));
            }
            line.append(" -j ").append(svc.sepChains()[i]).append('\n');
        }
    }

    private static void sepRules(StringBuilder line, Service svc, int e) {
        String chain = svc.sepChains()[e];
        int ip = svc.endpointIps()[e];
        line.append("-A ").append(chain).append(" -s ");
        ip(line, ip).append("/32 -m comment --comment \"").append(svc.portName()).append("\" -j KUBE-MARK-MASQ\n");
        line.append("-A ").append(chain).append(" -p ").append(proto(svc)).append(" -m comment --comment \"")
                .append(svc.portName()).append("\" -m ").append(proto(svc)).append(" -j DNAT --to-destination ");
        ip(line, ip).append(':').append(svc.targetPort()).append('\n');
    }

    /**
     * {@code 1/n} as {@code iptables-save} prints a statistic probability: the kernel keeps
     * {@code lround(p * 2^31)} and the save code prints that over {@code 2^31} with {@code %.11f}.
     */
    static String probability(int n) {
        // kube-proxy writes fmt.Sprintf("%0.10f", 1.0/n); libxt_statistic stores lround(0x80000000 * p)
        double asked = Double.parseDouble(new BigDecimal(1.0 / n).setScale(10, RoundingMode.HALF_EVEN).toPlainString());
        long fixed = Math.round(2147483648.0 * asked);
        return new BigDecimal(fixed).divide(new BigDecimal(2147483648L)).setScale(11, RoundingMode.HALF_EVEN)
                .toPlainString();
    }

    private static StringBuilder ip(StringBuilder sb, int ip) {
        return sb.append(ip >>> 24).append('.').append((ip >>> 16) & 0xff).append('.').append((ip >>> 8) & 0xff)
                .append('.').append(ip & 0xff);
    }

    private static List<Service> services(Spec spec) {
        SplittableRandom rnd = new SplittableRandom(spec.seed());
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
        int namespaces = Math.max(1, spec.services() / 25);
        Set<Integer> clusterIps = new HashSet<>();
        Set<String> chainNames = new HashSet<>();
        List<Service> out = new ArrayList<>(spec.services());
        for (int s = 0; s < spec.services(); s++) {
            String ns = "ns-" + rnd.nextInt(namespaces);
            String name = WORDS[rnd.nextInt(WORDS.length)] + "-" + WORDS[rnd.nextInt(WORDS.length)] + "-" + s;
            boolean udp = rnd.nextInt(10) == 0;
            String portName;
            int port;
            int targetPort;
            if (udp) {
                portName = "dns";
                port = 53;
                targetPort = 5353;
            } else {
                int k = rnd.nextInt(TCP_PORTS.length);
                portName = TCP_PORT_NAMES[k];
                port = TCP_PORTS[k];
                targetPort = TCP_TARGET_PORTS[k];
            }
            String svcPortName = ns + "/" + name + (portName.isEmpty() ? "" : ":" + portName);
            int clusterIp;
            do { // 10.96.0.0/12, without .0 and the API server's 10.96.0.1
                clusterIp = (10 << 24) | (96 << 16) | rnd.nextInt(1 << 20);
            } while ((clusterIp & 0xff) == 0 || clusterIp == ((10 << 24) | (96 << 16) | 1) || !clusterIps.add(clusterIp));
            String protoName = udp ? "udp" : "tcp";
            String svcChain = unique(chainNames, "KUBE-SVC-" + hash(sha, svcPortName + protoName));
            int[] ips = new int[spec.endpoints()];
            String[] seps = new String[spec.endpoints()];
            for (int e = 0; e < ips.length; e++) {
                ips[e] = endpointIp(rnd, ips, e);
                String endpoint = ipText(ips[e]) + ":" + targetPort;
                seps[e] = unique(chainNames, "KUBE-SEP-" + hash(sha, svcPortName + protoName + endpoint));
            }
            out.add(new Service(svcPortName, udp, port, targetPort, clusterIp, ips, svcChain, seps));
        }
        return out;
    }

    /** A pod address in 10.244.0.0/16 that none of the service's first {@code count} endpoints has. */
    private static int endpointIp(SplittableRandom rnd, int[] ips, int count) {
        while (true) {
            int ip = (10 << 24) | (244 << 16) | (rnd.nextInt(256) << 8) | (2 + rnd.nextInt(253));
            boolean taken = false;
            for (int k = 0; k < count && !taken; k++) {
                taken = ips[k] == ip;
            }
            if (!taken) {
                return ip;
            }
        }
    }

    private static String unique(Set<String> seen, String name) {
        if (!seen.add(name)) {
            throw new IllegalStateException("chain name collision: " + name);
        }
        return name;
    }

    private static String ipText(int ip) {
        return ip(new StringBuilder(15), ip).toString();
    }

    /** First 16 characters of the RFC 4648 base32 encoding of SHA-256({@code text}), like kube-proxy. */
    static String hash(MessageDigest sha, String text) {
        byte[] d = sha.digest(text.getBytes(StandardCharsets.UTF_8));
        // 16 base32 characters = 80 bits = the first 10 bytes
        char[] out = new char[16];
        long hi = 0;
        for (int i = 0; i < 5; i++) {
            hi = (hi << 8) | (d[i] & 0xff);
        }
        long lo = 0;
        for (int i = 5; i < 10; i++) {
            lo = (lo << 8) | (d[i] & 0xff);
        }
        for (int i = 0; i < 8; i++) {
            out[i] = BASE32[(int) (hi >>> (35 - 5 * i)) & 31];
            out[8 + i] = BASE32[(int) (lo >>> (35 - 5 * i)) & 31];
        }
        return new String(out);
    }

    /**
     * {@code KubeProxyRulesetGenerator OUT [--small | --services N --endpoints E] [--seed S]}: writes the
     * file and prints its rule count.
     */
    public static void main(String[] args) throws IOException {
        Path outFile = null;
        Spec spec = Spec.LARGE;
        int services = -1;
        int endpoints = -1;
        long seed = spec.seed();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--small" -> spec = Spec.SMALL;
                case "--large" -> spec = Spec.LARGE;
                case "--services" -> services = Integer.parseInt(value(args, ++i, a));
                case "--endpoints" -> endpoints = Integer.parseInt(value(args, ++i, a));
                case "--seed" -> seed = Long.parseLong(value(args, ++i, a));
                default -> {
                    if (a.startsWith("-") || outFile != null) {
                        usage("unexpected argument '" + a + "'");
                    }
                    outFile = Path.of(a);
                }
            }
        }
        if (outFile == null) {
            usage("missing output file");
        }
        spec = new Spec(services > 0 ? services : spec.services(), endpoints > 0 ? endpoints : spec.endpoints(), seed);
        generate(spec, outFile);
        System.out.println(outFile + ": " + spec.services() + " services x " + spec.endpoints() + " endpoints, "
                + spec.ruleCount() + " rules");
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            usage(option + " needs a value");
        }
        return args[i];
    }

    private static void usage(String problem) {
        System.err.println("KubeProxyRulesetGenerator: " + problem);
        System.err.println("usage: KubeProxyRulesetGenerator OUT [--small|--large] [--services N] [--endpoints E]"
                + " [--seed S]");
        System.exit(2);
    }
}
