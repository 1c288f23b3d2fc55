package dev.rampart.cli.analysis;

import dev.rampart.analysis.audit.AuditContext;
import dev.rampart.analysis.audit.AuditedRuleset;
import dev.rampart.analysis.audit.Auditor;
import dev.rampart.analysis.audit.Check;
import dev.rampart.analysis.audit.CheckCatalog;
import dev.rampart.analysis.audit.Finding;
import dev.rampart.analysis.audit.Severity;
import dev.rampart.analysis.audit.report.AuditJson;
import dev.rampart.analysis.audit.report.AuditSarif;
import dev.rampart.analysis.audit.report.AuditText;
import dev.rampart.cli.DiagnosticOutput;
import dev.rampart.cli.ExitCode;
import dev.rampart.cli.FamilyOption;
import dev.rampart.cli.HostException;
import dev.rampart.cli.HostOptions;
import dev.rampart.cli.Inputs;
import dev.rampart.cli.IpSetsOption;
import dev.rampart.cli.LiveInput;
import dev.rampart.cli.RulesetLoader;
import dev.rampart.cli.UsageException;
import dev.rampart.cli.VersionProvider;
import dev.rampart.cli.host.LiveHostFacts;
import dev.rampart.model.Family;
import dev.rampart.model.Ruleset;
import dev.rampart.model.ipset.IpSets;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rampart audit FILE... | --live}: runs every check of the {@link CheckCatalog} and reports the
 * findings as text, JSON or SARIF 2.1.0. Inputs holding at most one IPv4 and one IPv6 ruleset in all (a
 * script; or {@code rules.v4 rules.v6}) are audited together as one host; otherwise each input is
 * audited on its own. Exit 0 when no finding is at or above {@code --fail-on} (default high), 1 when one
 * is, 3 when an input has errors (diagnostics printed, nothing audited), 4 when the live ruleset cannot
 * be read. With {@code --live} the host checks (RA130-RA139) run too, on facts {@link LiveHostFacts}
 * gathers; {@code --netns} and {@code --root} point them at a network namespace and a filesystem root.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"Check a ruleset for hardening problems: default policies, loopback, ESTABLISHED, INVALID,",
                "logging, rules that can never match, ipset candidates, IPv6, Docker, ICMP, accept-all rules,",
                "unused chains, counters; over the whole packet space: shadowed, redundant, generalised and correlated",
                "rules, SSH without a rate limit, database/admin ports open to all, IPv6 more open than IPv4.",
                "Each finding names the rules, says why it matters and gives the fix (with a witness packet where one helps).",
                "Checks are documented in docs/checks/ (one page per id)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no finding at or above --fail-on", "1:findings at or above --fail-on",
                "2:usage error or unreadable file", "3:an input has errors", "4:the live ruleset cannot be read"},
        footer = {"", "With --live, also host checks: SYN cookies, rp_filter, forwarding vs FORWARD,",
                "ICMP redirects, persistence files missing or stale (layout from os-release or",
                "--layout), rules in both the legacy and nf_tables backends, IPv6 router",
                "advertisements accepted (RA130-RA139)."})
public final class AuditCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    FamilyOption family;

    @Mixin
    IpSetsOption ipsets;

    @Mixin
    HostOptions host;

    @Parameters(paramLabel = "FILE", arity = "0..*",
            description = "Rulesets: iptables-save files, command scripts ('-' for stdin). An IPv4 and an IPv6 file "
                    + "given together are audited as one host.")
    List<String> files = List.of();

    @Option(names = "--live", description = "Audit this host's live ruleset (iptables-save and ip6tables-save; needs root) "
            + "and the host itself: kernel parameters, persistence files, backends (checks RA130-RA139).")
    boolean live;

    @Option(names = "--format", paramLabel = "text|json|sarif", defaultValue = "text",
            description = "Output format: text (default), json or sarif (SARIF 2.1.0 for code scanning).")
    String format;

    @Option(names = "--fail-on", paramLabel = "high|medium|low|info", defaultValue = "high",
            description = "Exit 1 when a finding of this severity or higher is reported (default: high).")
    String failOn;

    @Option(names = "--list-checks", description = "List the checks (id, severity, title) and exit.")
    boolean listChecks;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String fmt = format.toLowerCase(Locale.ROOT);
        if (!List.of("text", "json", "sarif").contains(fmt)) {
            throw new UsageException("--format must be text, json or sarif, not '" + format + "'");
        }
        Severity threshold;
        try {
            threshold = Severity.parse(failOn);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--fail-on: " + e.getMessage());
        }
        if (listChecks) {
            for (Check c : CheckCatalog.all()) {
                out.printf("%s  %-6s  %s%n", c.id(), c.severity().id(), c.title());
            }
            out.flush();
            return ExitCode.OK;
        }
        if (live == !files.isEmpty()) {
            throw new UsageException(live ? "give FILE... or --live, not both" : "give a ruleset FILE or --live");
        }
        if (!live && host.netnsOrLayoutGiven()) {
            throw new UsageException("--netns and --layout only apply to --live");
        }
        List<RulesetLoader.Loaded> loaded = new ArrayList<>();
        dev.rampart.analysis.audit.host.HostFacts facts = null;
        if (live) {
            dev.rampart.host.ProcessRunner runner = host.runner();
            dev.rampart.host.probe.HostRoot root = host.root();
            loaded.addAll(LiveInput.load(family, runner));
            if (loaded.stream().allMatch(l -> l.rulesets().stream().allMatch(r -> r.tables().isEmpty()))
                    && !"root".equals(System.getProperty("user.name"))) {
                throw new HostException("the live ruleset read back empty and rampart is not running as root: "
                        + "iptables-save needs root to see the rules; run 'sudo rampart audit --live'");
            }
            dev.rampart.host.probe.LayoutChoice layout = host.layout(
                    () -> new dev.rampart.host.probe.HostProbe(runner, root).layout());
            if (layout.warning() != null) {
                err.println("rampart: warning: " + layout.warning());
            }
            facts = LiveHostFacts.gather(runner, root, layout.layout(), w -> err.println("rampart: warning: " + w));
            err.flush();
        } else {
            java.util.Set<String> known = ipsets.names();
            for (String f : files) {
                loaded.add(RulesetLoader.load(Inputs.read(f, System.in), family, known));
            }
        }
        boolean errors = false;
        for (RulesetLoader.Loaded l : loaded) {
            if (l.hasErrors()) {
                // errors only: warnings do not stop the audit, and 'rampart check' shows them all
                DiagnosticOutput.text(err, l.diagnostics().stream().filter(d -> d.isError()).toList());
                err.println(l.name() + ": not audited: fix the errors above ('rampart check " + l.name()
                        + "' also lists the warnings)");
                errors = true;
            }
        }
        if (errors) {
            err.flush();
            return ExitCode.INVALID_INPUT;
        }
        if (loaded.stream().allMatch(l -> l.rulesets().isEmpty())) {
            throw new UsageException("the input holds no iptables rules (an ipset file alone cannot be audited)");
        }
        List<Finding> all = new ArrayList<>();
        Auditor auditor = new Auditor();
        for (AuditContext ctx : contexts(loaded, facts)) {
            all.addAll(auditor.run(ctx));
        }
        List<Finding> findings = Auditor.sorted(all);
        switch (fmt) {
            case "json" -> out.println(AuditJson.of(findings).toPrettyString());
            case "sarif" -> out.println(AuditSarif.of(auditor.checks(), findings, version()).toPrettyString());
            default -> out.print(AuditText.of(findings));
        }
        out.flush();
        return findings.stream().anyMatch(f -> f.severity().atLeast(threshold)) ? ExitCode.FINDINGS : ExitCode.OK;
    }

    /**
     * One context for all inputs when they hold at most one ruleset per family; otherwise one per input.
     * The ipsets are those of {@code --ipsets}, else of the first input that has some.
     */
    private List<AuditContext> contexts(List<RulesetLoader.Loaded> loaded,
                                        dev.rampart.analysis.audit.host.HostFacts facts) {
        IpSets given = ipsets.sets();
        IpSets sets = given;
        Map<Family, Integer> perFamily = new EnumMap<>(Family.class);
        for (RulesetLoader.Loaded l : loaded) {
            if (sets == null && l.ipsets() != null) {
                sets = l.ipsets();
            }
            for (Ruleset r : l.rulesets()) {
                perFamily.merge(r.family(), 1, Integer::sum);
            }
        }
        List<AuditContext> out = new ArrayList<>();
        if (perFamily.values().stream().allMatch(n -> n <= 1)) {
            List<AuditedRuleset> all = new ArrayList<>();
            for (RulesetLoader.Loaded l : loaded) {
                for (Ruleset r : l.rulesets()) {
                    all.add(new AuditedRuleset(r, l.name(), sets));
                }
            }
            out.add(new AuditContext(all, sets, facts));
            return out;
        }
        for (RulesetLoader.Loaded l : loaded) {
            if (l.rulesets().isEmpty()) {
                continue;
            }
            IpSets ownSets = given != null ? given : l.ipsets();
            List<AuditedRuleset> own = new ArrayList<>();
            for (Ruleset r : l.rulesets()) {
                own.add(new AuditedRuleset(r, l.name(), ownSets));
            }
            out.add(new AuditContext(own, ownSets));
        }
        return out;
    }

    private static String version() {
        try {
            String v = new VersionProvider().getVersion()[0];
            return v.startsWith("rampart ") ? v.substring("rampart ".length()) : v;
        } catch (Exception e) {
            return "unknown";
        }
    }
}
