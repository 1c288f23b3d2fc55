package dev.rampart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The rampart command end to end, in process: outputs and exit codes a user relies on. Its {@link #run}
 * is how the command tests of the other packages run rampart in process.
 */
public class CliTest {
    @TempDir
    Path dir;

    /** A finished in-process run: exit code, standard output, standard error. */
    public record Run(int code, String out, String err) {
    }

    /** Runs {@code rampart ARGS...} in this JVM and captures its outputs. */
    public static Run run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    Path file(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void checkAcceptsTheShippedExample() {
        Run r = run("check", "../examples/webserver.rules");
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.out()).contains("../examples/webserver.rules: ok, IPv4, 1 table");
    }

    @Test
    void checkReportsEveryErrorAndExitsThree() {
        Run r = run("check", "../examples/broken.rules");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.out()).contains("broken.rules:7:31: error[E304]: unknown target 'ACCPET'")
                .contains("= help: did you mean 'ACCEPT'?").contains("broken.rules:8:").contains("broken.rules:9:")
                .contains("INVALID");
    }

    @Test
    void checkJsonListsDiagnosticsWithPositions() throws IOException {
        Path p = file("bad.rules", "*filter\n-A INPUT -p tcp -m tcp --dport 70000 -j ACCEPT\nCOMMIT\n");
        Run r = run("check", "--format", "json", p.toString());
        assertThat(r.code()).isEqualTo(3);
        var tree = DiagnosticOutput.json().readTree(r.out());
        assertThat(tree.get(0).get("valid").asBoolean()).isFalse();
        var d = tree.get(0).get("diagnostics").get(0);
        assertThat(d.get("line").asInt()).isEqualTo(2);
        assertThat(d.get("column").asInt()).isEqualTo(32);
        assertThat(d.get("code").asText()).isEqualTo("E302");
    }

    @Test
    void fmtPrintsCanonicalFormAndNothingOnErrors() throws IOException {
        Path ok = file("ok.rules", "*filter\n-A INPUT -p 6 --dport ssh -s 10.9.8.7/8 -j ACCEPT\nCOMMIT\n");
        Run r = run("fmt", ok.toString());
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.out()).isEqualTo("*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
                + "-A INPUT -s 10.0.0.0/8 -p tcp -m tcp --dport 22 -j ACCEPT\nCOMMIT\n");
        Path bad = file("bad.rules", "*filter\n-A INPUT -j NOPE_CHAIN\nCOMMIT\n");
        Run b = run("fmt", bad.toString());
        assertThat(b.code()).isEqualTo(3);
        assertThat(b.out()).isEmpty();
        assertThat(b.err()).contains("error[E402]");
    }

    @Test
    void fmtFamilySixReadsIpv6() throws IOException {
        Path p = file("v6.rules", "*filter\n-A INPUT -s 2001:db8::1 -j DROP\nCOMMIT\n");
        Run r = run("fmt", "--family", "6", p.toString());
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.out()).contains("-A INPUT -s 2001:db8::1/128 -j DROP");
    }

    @Test
    void showListsChainsLikeIptablesList() {
        Run r = run("show", "../examples/webserver.rules");
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.out()).contains("Chain INPUT (policy DROP 0 packets, 0 bytes)")
                .contains("Chain LOG_DROP (2 references)")
                .containsPattern("(?m)^1\\s+0\\s+0 ACCEPT\\s+all\\s+--\\s+lo\\s+\\*\\s+0\\.0\\.0\\.0/0\\s+0\\.0\\.0\\.0/0$");
    }

    @Test
    void missingFileIsAUsageError() {
        Run r = run("check", "/nonexistent/rules");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("cannot read '/nonexistent/rules': no such file");
    }

    @Test
    void unknownOptionIsAUsageError() {
        Run r = run("fmt", "--bogus", "x");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Unknown option: '--bogus'");
    }

    @Test
    void versionNamesTheProgram() {
        Run r = run("--version");
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.out()).startsWith("rampart ");
    }

    @Test
    void convertTurnsAScriptIntoARestoreFileAndReportsSkippedLines() throws IOException {
        Path p = file("fw.sh", "#!/bin/sh\nIPT=/sbin/iptables\nWAN=eth0\n$IPT -P INPUT DROP\n"
                + "$IPT -A INPUT -i $WAN -p tcp --dport 22 -j ACCEPT\necho done\n"
                + "ip6tables -A INPUT -p ipv6-icmp -j ACCEPT\nipset create bad hash:ip\nipset add bad 192.0.2.7\n");
        Run r = run("convert", p.toString());
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.out()).isEqualTo("*filter\n:INPUT DROP [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
                + "-A INPUT -i eth0 -p tcp -m tcp --dport 22 -j ACCEPT\nCOMMIT\n");
        assertThat(r.err()).contains("fw.sh:6:1: warning[W401]");
        assertThat(run("convert", "--family", "6", p.toString()).out()).contains("-A INPUT -p ipv6-icmp -j ACCEPT");
        assertThat(run("convert", "--ipsets", p.toString()).out()).contains("create bad hash:ip").contains("add bad 192.0.2.7");
        Path outDir = dir.resolve("out");
        assertThat(run("convert", "-q", "--out-dir", outDir.toString(), p.toString()).code()).isEqualTo(0);
        assertThat(Files.readString(outDir.resolve("rules.v4"))).contains("--dport 22");
        assertThat(outDir.resolve("rules.v6")).exists();
        assertThat(outDir.resolve("ipsets.save")).exists();
    }

    @Test
    void convertWritesNothingWhenTheScriptHasErrors() throws IOException {
        Path p = file("bad.sh", "iptables -A INPUT -p tcp --dport 99999 -j ACCEPT\n");
        Run r = run("convert", p.toString());
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("bad.sh:1:").contains("error[E302]");
    }

    @Test
    void checkReadsScriptsAndIpsetFiles() throws IOException {
        Path script = file("fw.sh", "iptables -A INPUT -i lo -j ACCEPT\nip6tables -P INPUT DROP\n");
        Run r = run("check", script.toString());
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.out()).contains("ok, script: IPv4, 1 table, 1 rule; IPv6, 1 table, 0 rules");
        Path sets = file("sets.save", "create blocklist hash:net family inet hashsize 1024 maxelem 65536\n"
                + "add blocklist 198.51.100.0/24\n");
        Run s = run("check", sets.toString());
        assertThat(s.code()).isEqualTo(0);
        assertThat(s.out()).contains("ok, ipset file: 1 ipset (1 entry)");
    }

    @Test
    void fmtRefusesScriptsWithAHint() throws IOException {
        Path script = file("fw.sh", "iptables -A INPUT -i lo -j ACCEPT\n");
        Run r = run("fmt", script.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("use 'rampart convert");
    }

    @Test
    void checkWithIpsetsRejectsReferencesToMissingSets() throws IOException {
        Path sets = file("sets.save", "create blocklist hash:ip family inet hashsize 1024 maxelem 65536\n");
        Path rules = file("r.rules", "*filter\n-A INPUT -m set --match-set blocklst src -j DROP\nCOMMIT\n");
        Run r = run("check", "--ipsets", sets.toString(), rules.toString());
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.out()).contains("r.rules:2:17: error[E303]: match 'set': ipset 'blocklst' does not exist")
                .contains("did you mean 'blocklist'?");
        assertThat(run("check", rules.toString()).code()).isEqualTo(0);
    }
}
