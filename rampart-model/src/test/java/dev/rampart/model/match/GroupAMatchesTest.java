package dev.rampart.model.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.model.Family;
import dev.rampart.model.Rule;
import dev.rampart.model.TableName;
import dev.rampart.model.diag.Diagnostic;
import dev.rampart.model.diag.Diagnostics;
import dev.rampart.model.parse.ChainLookup;
import dev.rampart.model.parse.LineReporter;
import dev.rampart.model.parse.RestoreParser;
import dev.rampart.model.parse.RuleParser;
import dev.rampart.model.parse.ShellWords;
import dev.rampart.model.parse.Tokens;
import dev.rampart.model.write.CanonicalWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Behaviour of the connection-state and rate matches beyond iptables' own vectors. */
class GroupAMatchesTest {

    /** Parses one rule (the words after {@code -A CHAIN}); returns the rule, or the first error message. */
    private static Object parse(Family family, TableName table, String chain, String rule) {
        Tokens tokens = new Tokens();
        assertThat(ShellWords.split(rule, tokens)).isNull();
        Diagnostics diags = new Diagnostics("test");
        LineReporter rep = new LineReporter(diags);
        rep.at(1, rule);
        ChainLookup lookup = ChainLookup.builtinsOf(table);
        RuleParser.Result r = new RuleParser(family).parse(tokens, 0, table, chain, lookup, null, rep);
        for (Diagnostic d : diags.all()) {
            if (d.isError()) {
                return d.message();
            }
        }
        return r.rules().get(0);
    }

    private static Rule rule(String text) {
        Object o = parse(Family.IPV4, TableName.FILTER, "INPUT", text);
        assertThat(o).isInstanceOf(Rule.class);
        return (Rule) o;
    }

    private static String error(Family f, String chain, String text) {
        Object o = parse(f, TableName.FILTER, chain, text);
        assertThat(o).isInstanceOf(String.class);
        return (String) o;
    }

    @Test
    void roundTripGivesAnEqualRecord() {
        String[] rules = {
            "-m conntrack ! --ctstate NEW,RELATED --ctorigsrc 10.1.2.3/16 --ctexpire 5:9 --ctdir REPLY",
            "-p tcp -m multiport ! --dports 22,80:443",
            "-m hashlimit --hashlimit-upto 4kb/s --hashlimit-burst 400kb --hashlimit-name x",
            "-m recent --update --seconds 60 --hitcount 4 --name ssh --mask 255.255.255.0 --rsource",
            "-m set ! --match-set bad src,dst ! --update-counters --packets-gt 3",
            "-m statistic --mode random --probability 0.33333333349",
        };
        for (String r : rules) {
            Rule first = rule(r);
            String printed = CanonicalWriter.ruleText("INPUT", first);
            Rule second = rule(printed.substring("-A INPUT ".length()));
            assertThat(second.matches()).isEqualTo(first.matches());
        }
    }

    @Test
    void stateNamesMayBeAbbreviatedAndAnyCase() {
        StateMatch m = (StateMatch) rule("-m state --state est,related").matches().get(0);
        assertThat(m.states()).containsExactlyInAnyOrder(CtState.ESTABLISHED, CtState.RELATED);
        assertThat(CanonicalWriter.ruleText("INPUT", rule("-m state --state est,related")))
                .isEqualTo("-A INPUT -m state --state RELATED,ESTABLISHED");
    }

    @Test
    void limitKeepsKernelPeriodAndPrintsLargestExactUnit() {
        LimitMatch m = (LimitMatch) rule("-m limit --limit 120/hour").matches().get(0);
        assertThat(m.period()).isEqualTo(300_000);
        assertThat(CanonicalWriter.ruleText("INPUT", rule("-m limit --limit 120/hour")))
                .isEqualTo("-A INPUT -m limit --limit 2/min");
        assertThat(CanonicalWriter.ruleText("INPUT", rule("-m limit")))
                .isEqualTo("-A INPUT -m limit --limit 3/hour");
        assertThat(error(Family.IPV4, "INPUT", "-m limit --limit 10001/sec")).contains("too fast");
    }

    @Test
    void multiportNeedsAPortProtocolAndAtMostFifteenSlots() {
        assertThat(error(Family.IPV4, "INPUT", "-m multiport --dports 22"))
                .contains("needs '-p tcp'");
        assertThat(error(Family.IPV4, "INPUT", "-p tcp -m multiport --dports 1:2,3:4,5:6,7:8,9:10,11:12,13:14,15:16"))
                .contains("too many ports");
        assertThat(error(Family.IPV4, "INPUT", "-p tcp -m multiport --dports 9:3")).contains("9:3");
    }

    @Test
    void ownerIsRejectedOutsideLocallyGeneratedChains() {
        assertThat(error(Family.IPV4, "INPUT", "-m owner --uid-owner 0")).contains("only valid in OUTPUT");
        assertThat(error(Family.IPV4, "OUTPUT", "-m owner --uid-owner 7-3")).contains("start is greater");
    }

    @Test
    void anonymisedMacIsKeptVerbatimAndNotEvaluable() {
        MacMatch m = (MacMatch) rule("-m mac --mac-source XX:XX:XX:XX:XX:XX").matches().get(0);
        assertThat(m.isAnonymised()).isTrue();
        assertThat(CanonicalWriter.ruleText("INPUT", rule("-m mac --mac-source XX:XX:XX:XX:XX:XX")))
                .isEqualTo("-A INPUT -m mac --mac-source XX:XX:XX:XX:XX:XX");
        assertThat(CanonicalWriter.ruleText("INPUT", rule("-m mac --mac-source AA:bb:0C:01:02:03")))
                .isEqualTo("-A INPUT -m mac --mac-source aa:bb:0c:01:02:03");
        assertThat(error(Family.IPV4, "OUTPUT", "-m mac --mac-source aa:bb:0c:01:02:03")).contains("only valid in");
    }

    @Test
    void addrtypeRejectsIpv4OnlyTypesForIpv6() {
        assertThat(error(Family.IPV6, "INPUT", "-m addrtype --dst-type BROADCAST")).contains("IPv6");
    }

    @Test
    void recentRejectsHitcountAboveKernelMaximum() {
        assertThat(error(Family.IPV4, "INPUT", "-m recent --rcheck --hitcount 65536")).contains("maximum of 65535");
    }

    /** The {@code -m MODULE ...} parts of every rule in {@code text} that use one of these modules. */
    private static Set<String> segments(String text) {
        Set<String> out = new LinkedHashSet<>();
        for (String line : text.split("\n")) {
            String l = line.replaceFirst("^\\[\\d+:\\d+\\] ", "").stripTrailing();
            if (!l.startsWith("-A ")) {
                continue;
            }
            Matcher m = SEGMENT.matcher(l);
            while (m.find()) {
                out.add(m.group());
            }
        }
        return out;
    }

    /**
     * Rewrites the forms that older iptables versions or hand-written files use into what iptables
     * 1.8 prints: recent revision 0 had no {@code --mask}; state lists are printed in a fixed order; a
     * trailing {@code --dport} belongs to the implicit tcp/udp match, not to the segment.
     */
    private static String canonicalLegacy(String seg, boolean v6) {
        String s = seg.replaceFirst(" --[ds]port .*$", "");
        if (s.startsWith("-m recent") && !s.contains(" --mask ")) {
            s = s.replaceFirst(" --(rsource|rdest)$", " --mask " + (v6
                    ? "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff" : "255.255.255.255") + " --$1");
        }
        Matcher m = Pattern.compile("--(ct)?state (\\S+)").matcher(s);
        if (m.find()) {
            List<String> items = List.of(m.group(2).split(","));
            StringBuilder sorted = new StringBuilder();
            for (CtState st : CtState.values()) {
                if (items.contains(st.name())) {
                    sorted.append(sorted.length() == 0 ? "" : ",").append(st.name());
                }
            }
            s = s.substring(0, m.start(2)) + sorted + s.substring(m.end(2));
        }
        return s;
    }

    private static final Pattern SEGMENT = Pattern.compile("-m (state|conntrack|multiport|limit|hashlimit|recent|set"
            + "|iprange|mac|addrtype|owner|mark|connmark|pkttype|statistic|connlimit|helper|connbytes|quota"
            + "|connlabel|nfacct|cgroup|cluster|cpu|rateest|socket|ipvs) .*?(?=( !)? -[a-zA-Z] |$)");

    /** Every real rule that uses one of these modules prints back exactly as it was saved. */
    @Test
    void realRulesetsRoundTrip() throws IOException {
        Path root = Path.of("../../shared/rulesets");
        if (!Files.isDirectory(root)) {
            root = Path.of("../shared/rulesets");
        }
        if (!Files.isDirectory(root)) {
            return;
        }
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        for (Path f : files) {
            String text = Files.readString(f, StandardCharsets.ISO_8859_1);
            if (!text.contains("\n*") && !text.startsWith("*")) {
                continue;
            }
            Set<String> wanted = new LinkedHashSet<>();
            for (String seg : segments(text)) {
                wanted.add(canonicalLegacy(seg, text.contains("icmp6") || f.toString().contains("ip6")));
            }
            if (wanted.isEmpty()) {
                continue;
            }
            Family fam = text.contains("icmp6") || f.toString().contains("ip6") ? Family.IPV6 : Family.IPV4;
            RestoreParser.Result r = new RestoreParser(fam).parse(text, f.toString());
            Set<String> got = segments(new CanonicalWriter(false).write(r.ruleset()));
            for (String w : wanted) {
                checked++;
                if (!got.contains(w)) {
                    mismatches.add(f.getFileName() + ": " + w);
                }
            }
        }
        assertThat(mismatches).as("%d real rules checked", checked).isEmpty();
        assertThat(checked).isGreaterThan(1000);
    }
}
