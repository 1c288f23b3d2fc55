package dev.rampart.analysis.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.model.Family;
import dev.rampart.model.Ruleset;
import dev.rampart.model.parse.FamilyDetector;
import dev.rampart.model.parse.RestoreParser;
import dev.rampart.model.script.ScriptParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Rulesets for the audit tests: parsing, contexts, the hardened examples. */
public final class AuditFixtures {
    private AuditFixtures() {
    }

    /** The project's hardened example web server (IPv4). */
    public static String webserver() {
        try {
            return Files.readString(Path.of("../examples/webserver.rules"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A hardened IPv6 ruleset to go with {@link #webserver()}. */
    public static final String WEBSERVER_V6 = """
            *filter
            :INPUT DROP [0:0]
            :FORWARD DROP [0:0]
            :OUTPUT ACCEPT [0:0]
            -A INPUT -i lo -j ACCEPT
            -A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
            -A INPUT -m conntrack --ctstate INVALID -j DROP
            -A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 133 -j ACCEPT
            -A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 134 -j ACCEPT
            -A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 135 -j ACCEPT
            -A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 136 -j ACCEPT
            -A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 128 -m limit --limit 1/sec --limit-burst 5 -j ACCEPT
            -A INPUT -p tcp -m tcp --dport 22 -m conntrack --ctstate NEW -m limit --limit 3/min -j ACCEPT
            -A INPUT -p tcp -m multiport --dports 80,443 -j ACCEPT
            -A INPUT -m limit --limit 5/min -j LOG --log-prefix "drop6: "
            COMMIT
            """;

    /** A restore file, family detected; fails the test on parse errors. */
    public static AuditedRuleset parse(String text) {
        Family f = FamilyDetector.detect(text);
        RestoreParser.Result r = new RestoreParser(f).parse(text, "test.rules");
        assertThat(r.diagnostics().all()).as("parse errors in%n%s", text)
                .noneMatch(d -> d.isError());
        return new AuditedRuleset(r.ruleset(), "test.rules");
    }

    /** An IPv6 restore file. */
    public static AuditedRuleset parse6(String text) {
        RestoreParser.Result r = new RestoreParser(Family.IPV6).parse(text, "test6.rules");
        assertThat(r.diagnostics().all()).as("parse errors in%n%s", text).noneMatch(d -> d.isError());
        return new AuditedRuleset(r.ruleset(), "test6.rules");
    }

    /** One context of restore files (one per family). */
    public static AuditContext context(AuditedRuleset... rulesets) {
        return new AuditContext(List.of(rulesets), null);
    }

    /** The context of a command script (both families when it has both). */
    public static AuditContext script(String text) {
        ScriptParser.Result r = new ScriptParser().parse(text, "test.sh");
        assertThat(r.diagnostics().all()).as("errors in%n%s", text).noneMatch(d -> d.isError());
        List<AuditedRuleset> sets = new ArrayList<>();
        for (Ruleset rs : List.of(r.ipv4(), r.ipv6())) {
            if (!rs.tables().isEmpty()) {
                sets.add(new AuditedRuleset(rs, "test.sh"));
            }
        }
        return new AuditContext(sets, r.ipsets());
    }

    /** The findings of {@code check} on one restore file. */
    public static List<Finding> run(Check check, String text) {
        return check.run(context(parse(text)));
    }

    /** The findings of {@code check} on the hardened web server with its IPv6 twin. */
    public static List<Finding> runHardened(Check check) {
        return check.run(context(parse(webserver()), parse6(WEBSERVER_V6)));
    }
}
