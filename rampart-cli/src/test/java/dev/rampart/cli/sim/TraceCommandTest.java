package dev.rampart.cli.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rampart.cli.CliTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rampart trace} end to end: verdicts, the JSON contract, sequences, bad packet lines, exit codes. */
class TraceCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void textTraceShowsTheDecidingRule() {
        CliTest.Run r = CliTest.run("trace", "--rules", "../examples/webserver.rules", "--packet",
                "tcp 203.0.113.5:40000 > 198.51.100.10:22 in eth0 syn");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("p1: conntrack state NEW").contains("filter:INPUT:rule:4 -> continue")
                .contains("verdict: ACCEPT (filter:INPUT:rule:6)");
    }

    @Test
    void handshakeBecomesEstablishedAcrossPackets() throws IOException {
        CliTest.Run r = CliTest.run("trace", "--rules", "../examples/webserver.rules", "--format", "json",
                "--packet", "tcp 203.0.113.5:40000 > 198.51.100.10:80 in eth0 syn",
                "--packet", "tcp 198.51.100.10:80 > 203.0.113.5:40000 out eth0 syn,ack",
                "--packet", "tcp 203.0.113.5:40000 > 198.51.100.10:80 in eth0 ack");
        assertThat(r.code()).isZero();
        List<JsonNode> results = lines(r.out());
        assertThat(results).extracting(n -> n.get("ct_state").asText()).containsExactly("NEW", "ESTABLISHED",
                "ESTABLISHED");
        JsonNode third = results.get(2);
        assertThat(third.get("verdict").asText()).isEqualTo("ACCEPT");
        assertThat(third.get("decided_by").get("rule").asInt()).isEqualTo(2);
        assertThat(third.get("approximate").asBoolean()).isFalse();
    }

    @Test
    void sshBruteForceIsDroppedOnTheSixthNewConnectionWithinAMinute() throws IOException {
        StringBuilder packets = new StringBuilder();
        for (int i = 0; i < 7; i++) {
            packets.append("{\"id\":\"ssh").append(i + 1).append("\",\"src\":\"203.0.113.9\",\"dst\":\"198.51.100.10\",")
                    .append("\"proto\":\"tcp\",\"sport\":").append(40000 + i).append(",\"dport\":22,\"in\":\"eth0\",")
                    .append("\"tcp_flags\":[\"SYN\"],\"time\":\"2026-01-01T12:00:0").append(i).append("Z\"}\n");
        }
        Path file = Files.writeString(dir.resolve("ssh.jsonl"), packets);
        CliTest.Run r = CliTest.run("trace", "--rules", "../examples/webserver.rules", "--format", "json",
                "--packets", file.toString());
        assertThat(r.code()).isZero();
        assertThat(lines(r.out())).extracting(n -> n.get("verdict").asText())
                .containsExactly("ACCEPT", "ACCEPT", "ACCEPT", "ACCEPT", "ACCEPT", "DROP", "DROP");
        JsonNode sixth = lines(r.out()).get(5);
        assertThat(sixth.get("log").get(0).asText()).startsWith("rampart-drop: IN=eth0 OUT= ");
    }

    @Test
    void portForwardThroughAGatewayIsRoutedMasqueradedAndUnNatted() throws IOException {
        CliTest.Run r = CliTest.run("trace", "--rules", "../examples/gateway.rules", "--host",
                "../examples/gateway-host.json", "--format", "json",
                "--packet", "tcp 203.0.113.5:40000 > 198.51.100.10:8080 in eth0 syn",
                "--packet", "tcp 198.18.1.2:80 > 198.18.1.1:40000 in eth1 syn,ack",
                "--packet", "tcp 203.0.113.5:40000 > 198.51.100.10:8080 in eth0 ack");
        assertThat(r.code()).as(r.err()).isZero();
        List<JsonNode> out = lines(r.out());
        JsonNode first = out.get(0);
        // DNAT makes the destination non-local: the host description routes it out of eth1 (FORWARD)
        assertThat(first.get("decided_by").get("chain").asText()).isEqualTo("FORWARD");
        assertThat(first.get("nat").get("after").toString())
                .isEqualTo("{\"src\":\"198.18.1.1\",\"sport\":40000,\"dst\":\"198.18.1.2\",\"dport\":80}");
        JsonNode reply = out.get(1);
        assertThat(reply.get("ct_state").asText()).isEqualTo("ESTABLISHED");
        assertThat(reply.get("nat").get("after").toString())
                .isEqualTo("{\"src\":\"198.51.100.10\",\"sport\":8080,\"dst\":\"203.0.113.5\",\"dport\":40000}");
        assertThat(out.get(2).get("matched").toString())
                .isEqualTo("[{\"table\":\"filter\",\"chain\":\"FORWARD\",\"rule\":1}]");
    }

    @Test
    void badHostFileIsAnInputError() throws IOException {
        Path host = Files.writeString(dir.resolve("host.json"), "{\"interfaces\":[{\"name\":\"eth0\",\"addresses\":[\"198.51.100.300/24\"]}]}");
        CliTest.Run r = CliTest.run("trace", "--rules", "../examples/gateway.rules", "--host", host.toString(),
                "--packet", "tcp 203.0.113.5:40000 > 198.51.100.10:8080 in eth0 syn");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains("interface eth0").contains("198.51.100.300");
    }

    @Test
    void badPacketLinesAreReportedAndTheRunGoesOn() throws IOException {
        Path file = Files.writeString(dir.resolve("mixed.jsonl"), String.join("\n",
                "# a comment",
                "{\"id\":\"a\",\"src\":\"192.0.2.1\",\"dst\":\"198.51.100.10\",\"proto\":\"udp\",\"sport\":1,\"dport\":70000,\"in\":\"eth0\"}",
                "udp 192.0.2.1:1 > 198.51.100.10:53 in eth0",
                "{\"id\":\"c\",\"src\":\"192.0.2.1\",",
                ""));
        CliTest.Run r = CliTest.run("trace", "--rules", "../examples/webserver.rules", "--format", "json",
                "--packets", file.toString());
        assertThat(r.code()).isEqualTo(3);
        List<JsonNode> out = lines(r.out());
        assertThat(out).hasSize(3);
        assertThat(out.get(0).get("id").asText()).isEqualTo("a");
        assertThat(out.get(0).get("line").asInt()).isEqualTo(2);
        assertThat(out.get(0).get("error").asText()).contains("'dport'").contains("70000");
        assertThat(out.get(1).get("verdict").asText()).isEqualTo("DROP");
        assertThat(out.get(2).get("line").asInt()).isEqualTo(4);
        assertThat(out.get(2).get("error").asText()).contains("invalid JSON");
        assertThat(r.err()).contains(file + ":2: error: 'dport': port 70000 is out of range")
                .contains(file + ":4:");
    }

    @Test
    void missingPacketFileIsAUsageErrorWithoutResults() {
        Path missing = dir.resolve("no-such-packets.txt");
        CliTest.Run r = CliTest.run("trace", "--rules", "../examples/webserver.rules", "--format", "json",
                "--packets", missing.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("cannot read '" + missing + "': no such file");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void unknownModulesStillSimulateAndSayApproximate() throws IOException {
        Path rules = Files.writeString(dir.resolve("u.rules"), String.join("\n", "*filter", ":INPUT DROP [0:0]",
                ":FORWARD DROP [0:0]", ":OUTPUT ACCEPT [0:0]",
                "-A INPUT -p tcp -m frobnicate --level 3 -j ACCEPT", "COMMIT", ""));
        CliTest.Run r = CliTest.run("trace", "--rules", rules.toString(), "--format", "json", "--packet",
                "tcp 192.0.2.1:1000 > 198.51.100.10:22 in eth0 syn");
        assertThat(r.code()).isZero();
        JsonNode n = lines(r.out()).get(0);
        assertThat(n.get("approximate").asBoolean()).isTrue();
        assertThat(n.get("approximations").get(0).asText()).startsWith("filter:INPUT:rule:1:");
    }

    @Test
    void invalidRulesetIsReportedLikeCheckAndNothingIsSimulated() {
        CliTest.Run r = CliTest.run("trace", "--rules", "../examples/broken.rules", "--packet",
                "tcp 192.0.2.1:1000 > 198.51.100.10:22 in eth0 syn");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("error[E304]: unknown target 'ACCPET'");
    }

    @Test
    void packetsOrPacketIsRequired() {
        CliTest.Run r = CliTest.run("trace", "--rules", "../examples/webserver.rules");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--packet");
    }

    private static List<JsonNode> lines(String out) throws IOException {
        List<JsonNode> nodes = new java.util.ArrayList<>();
        for (String l : out.split("\n")) {
            if (!l.isBlank()) {
                nodes.add(JSON.readTree(l));
            }
        }
        return nodes;
    }
}
