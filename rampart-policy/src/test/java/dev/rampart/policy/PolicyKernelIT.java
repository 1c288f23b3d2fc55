package dev.rampart.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.host.Netns;
import dev.rampart.host.ProcessResult;
import dev.rampart.host.ProcessRunner;
import dev.rampart.host.RootRequirement;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every file compiled from every example policy loads with the real tool in a throwaway namespace
 * ({@code rampart-P-*}): {@code ipset restore}, {@code iptables-restore}, {@code ip6tables-restore} and
 * {@code nft -f}. Read back with {@code iptables-save} / {@code ip6tables-save}, the kernel's rules are
 * byte-identical to the emitted files (the emitter prints canonical form); {@code ipset save} holds the
 * same lines (in hash order). The nft file loads twice in a row (it replaces its own tables) and leaves
 * a foreign table alone.
 */
class PolicyKernelIT {
    private static final ProcessRunner HOST = new ProcessRunner();

    private static Netns netns() {
        return Netns.create(HOST, "rampart-P-");
    }

    private static String withoutComments(String text) {
        return Arrays.stream(text.split("\n")).filter(l -> !l.startsWith("#")).collect(Collectors.joining("\n")) + "\n";
    }

    private static void load(Netns ns, String tool, String text) {
        ProcessResult r = ns.exec(text, List.of(tool));
        assertThat(r.succeeded()).as(tool + " rejected the compiled file: " + r.stderr()).isTrue();
    }

    @TestFactory
    Stream<DynamicTest> everyCompiledFileLoadsIntoTheKernel() throws IOException {
        RootRequirement.requireRoot();
        return Examples.all().stream().map(p -> DynamicTest.dynamicTest(Examples.name(p), () -> check(p)));
    }

    private static void check(Path policy) throws IOException {
        PolicyCompiler.Output o = Examples.compile(policy);
        try (Netns ns = netns()) {
            ProcessResult restore = ns.exec(o.ipsetsText(), List.of("ipset", "restore"));
            assertThat(restore.succeeded()).as("ipset restore: " + restore.stderr()).isTrue();
            load(ns, "iptables-restore", o.rulesV4Text());
            load(ns, "ip6tables-restore", o.rulesV6Text());
            assertThat(withoutComments(ns.check("iptables-save").stdout()))
                    .as("iptables-save after loading rules.v4").isEqualTo(withoutComments(o.rulesV4Text()));
            assertThat(withoutComments(ns.check("ip6tables-save").stdout()))
                    .as("ip6tables-save after loading rules.v6").isEqualTo(withoutComments(o.rulesV6Text()));
            assertThat(lines(ns.check("ipset", "save").stdout())).as("ipset save").isEqualTo(lines(o.ipsetsText()));
        }
        try (Netns ns = netns()) {
            ns.check("nft", "add", "table", "ip", "keepme");
            ProcessResult first = ns.exec(o.nft(), List.of("nft", "-f", "-"));
            assertThat(first.succeeded()).as("nft -f rejected ruleset.nft: " + first.stderr()).isTrue();
            ProcessResult again = ns.exec(o.nft(), List.of("nft", "-f", "-"));
            assertThat(again.succeeded()).as("loading ruleset.nft a second time: " + again.stderr()).isTrue();
            String tables = ns.check("nft", "list", "tables").stdout();
            assertThat(tables).contains("table ip keepme").contains("table ip rampart");
            if (o.rulesV6() != null) {
                assertThat(tables).contains("table ip6 rampart");
            }
        }
    }

    private static TreeSet<String> lines(String text) {
        return Arrays.stream(text.split("\n")).filter(l -> !l.isBlank())
                .map(l -> l.replaceAll(" bucketsize \\d+", "").replaceAll(" initval 0x[0-9a-f]+", ""))
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
