package dev.rampart.analysis.exposure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.analysis.flat.Flattener;
import dev.rampart.host.ProcessResult;
import dev.rampart.host.RootRequirement;
import dev.rampart.model.Family;
import dev.rampart.model.Ruleset;
import dev.rampart.model.net.IpAddress;
import dev.rampart.model.parse.RestoreParser;
import dev.rampart.sim.kernel.BackgroundCommand;
import dev.rampart.sim.kernel.KernelLab;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code exposure --from}'s prediction against real {@code nmap -Pn -sS}: a ruleset with open, closed
 * (tcp-reset), rejected (ICMP), source-restricted, dropped and answer-dropped ports is loaded in a
 * throwaway firewall namespace with a listener on every port the ruleset accepts; nmap runs from the
 * peer namespace, and every port's state must be the predicted one.
 */
class ExposureNmapIT {
    private static final String RULES = """
            *filter
            :INPUT DROP [0:0]
            :FORWARD DROP [0:0]
            :OUTPUT ACCEPT [0:0]
            -A INPUT -i lo -j ACCEPT
            -A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
            -A INPUT -p tcp --dport 22 -j ACCEPT
            -A INPUT -p tcp --dport 23 -j REJECT --reject-with tcp-reset
            -A INPUT -p tcp --dport 24 -j REJECT
            -A INPUT -s 192.0.2.0/24 -p tcp --dport 25 -j ACCEPT
            -A INPUT -p tcp --dport 26 -j ACCEPT
            -A INPUT -p tcp -m multiport --dports 80,443 -j ACCEPT
            -A INPUT -p tcp --dport 8000:8002 -j REJECT --reject-with icmp-admin-prohibited
            -A OUTPUT -p tcp --sport 26 -j DROP
            COMMIT
            """;
    /** Ports the ruleset accepts from the peer: each gets a listener, as the prediction assumes. */
    private static final List<Integer> LISTENING = List.of(22, 26, 80, 443);
    private static final String PORTS = "20-30,80,443,8000-8003";
    private static final Duration NMAP_TIMEOUT = Duration.ofSeconds(90);

    @Test
    void predictionMatchesNmap() throws Exception {
        RootRequirement.requireRoot();
        Ruleset rs = new RestoreParser(Family.IPV4).parse(RULES, "nmap.rules").ruleset();
        List<PortState> predicted = new java.util.ArrayList<>();
        for (String range : PORTS.split(",")) {
            String[] r = range.split("-");
            int lo = Integer.parseInt(r[0]);
            int hi = r.length > 1 ? Integer.parseInt(r[1]) : lo;
            predicted.addAll(ScanPrediction.predict(rs, Flattener.spaceOf(rs), IpAddress.parse(KernelLab.PEER_ADDRESS_V4),
                    6, lo, hi, "eth0"));
        }
        Map<Integer, String> expected = new TreeMap<>();
        predicted.forEach(p -> expected.put(p.port(), p.nmap()));
        try (KernelLab lab = KernelLab.start()) {
            lab.loadRules(Family.IPV4, RULES);
            StringBuilder script = new StringBuilder("import socket,time\nss=[]\n");
            for (int port : LISTENING) {
                script.append("s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('")
                        .append(KernelLab.FW_ADDRESS_V4).append("',").append(port).append(")); s.listen(16); ss.append(s)\n");
            }
            script.append("time.sleep(120)\n");
            try (BackgroundCommand listeners = BackgroundCommand.start(lab.firewall(), Duration.ofSeconds(150),
                    List.of("python3", "-c", script.toString()))) {
                listeners.awaitReady(Duration.ofSeconds(20), pid -> listening(lab));
                ProcessResult nmap = lab.peer().runner().withTimeout(NMAP_TIMEOUT).run(List.of("nmap", "-Pn", "-sS", "-n",
                        "--max-retries", "2", "--host-timeout", "80s", "-p", PORTS, "-oX", "-", KernelLab.FW_ADDRESS_V4), null);
                assertThat(nmap.succeeded()).as("nmap: " + BackgroundCommand.describe(nmap)).isTrue();
                Map<Integer, String> seen = parse(nmap.stdout(), expected.keySet());
                assertThat(seen).as("nmap's states (predicted %s)%n%s", expected, nmap.stdout()).isEqualTo(expected);
            }
        }
    }

    private static boolean listening(KernelLab lab) {
        String ss = lab.firewall().exec("ss", "-ltnH").stdout();
        return LISTENING.stream().allMatch(p -> ss.contains(KernelLab.FW_ADDRESS_V4 + ":" + p + " "));
    }

    /** Each port's state from nmap's XML: listed ports, and the rest in the {@code extraports} state. */
    private static Map<Integer, String> parse(String xml, java.util.Set<Integer> ports) {
        Map<Integer, String> out = new TreeMap<>();
        Matcher m = Pattern.compile("<port protocol=\"tcp\" portid=\"(\\d+)\"><state state=\"([a-z|]+)\"").matcher(xml);
        while (m.find()) {
            out.put(Integer.parseInt(m.group(1)), m.group(2));
        }
        Matcher extra = Pattern.compile("<extraports state=\"([a-z|]+)\"").matcher(xml);
        String rest = extra.find() ? extra.group(1) : null;
        for (int p : ports) {
            if (!out.containsKey(p) && rest != null) {
                out.put(p, rest);
            }
        }
        return out;
    }
}
