package dev.rampart.cli.monitor;

import dev.rampart.cli.DiagnosticOutput;
import dev.rampart.cli.ExitCode;
import dev.rampart.cli.FormatOption;
import dev.rampart.cli.HostException;
import dev.rampart.cli.OutputFormat;
import dev.rampart.cli.UsageException;
import dev.rampart.host.ProcessRunner;
import dev.rampart.host.apply.RampartDirs;
import dev.rampart.host.history.HistoryStore;
import dev.rampart.model.diag.Diagnostics;
import dev.rampart.monitor.alert.Alert;
import dev.rampart.monitor.alert.AlertSettings;
import dev.rampart.monitor.alert.AlertSink;
import dev.rampart.monitor.drift.ApprovedFiles;
import dev.rampart.monitor.drift.ApprovedHistory;
import dev.rampart.monitor.drift.ApprovedState;
import dev.rampart.monitor.drift.ApprovedStateException;
import dev.rampart.monitor.drift.DriftCheck;
import dev.rampart.monitor.drift.DriftReport;
import dev.rampart.monitor.drift.DriftReportWriter;
import dev.rampart.monitor.drift.DriftSettings;
import dev.rampart.monitor.drift.DriftWatch;
import dev.rampart.monitor.drift.ExpectedChanges;
import dev.rampart.monitor.settings.SectionReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rampart drift}: compares the live firewall with an approved state once ({@link DriftCheck}) and
 * exits 0 (no drift), 1 (drift), 2 (usage), 3 (approved files invalid) or 4 (a host tool failed), so that
 * cron or a systemd timer can run it.
 */
@Command(name = "drift", mixinStandardHelpOptions = true,
        description = {"Compare the live firewall (iptables-save, ip6tables-save, ipset save) with the approved state:",
                "rules added or removed, packets whose fate changed (with a witness and the deciding rules),",
                "ipset members. Declared expected changes (Docker, kube-proxy, Rampart's bans) are ignored."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no drift", "1:drift", "2:usage error or unreadable file",
                "3:an approved file or the config has errors",
                "4:a system command failed (iptables-save, ipset), or with --alert a sink failed"})
public final class DriftCommand implements Callable<Integer> {
    /** The daemon's config, read for the {@code drift:} section when it exists and --config is not given. */
    static final Path DEFAULT_CONFIG = Path.of("/etc/rampart/monitor.yaml");

    @Spec
    CommandSpec spec;

    @Mixin
    FormatOption format;

    @Option(names = "--approved", paramLabel = "DIR",
            description = "Directory with the approved rules.v4, rules.v6 and ipsets (each optional; a missing file is not compared).")
    Path approvedDir;

    @Option(names = "--approved-v4", paramLabel = "FILE", description = "Approved IPv4 ruleset (iptables-save format).")
    Path approvedV4;

    @Option(names = "--approved-v6", paramLabel = "FILE", description = "Approved IPv6 ruleset (ip6tables-save format).")
    Path approvedV6;

    @Option(names = "--approved-ipsets", paramLabel = "FILE", description = "Approved ipsets (ipset save format).")
    Path approvedSets;

    @Option(names = "--expect", paramLabel = "PATTERN",
            description = {"Expected change, ignored on both sides (repeatable): a preset (docker, kube-proxy, rampart-bans)",
                    "or chain:GLOB, comment:GLOB, set:GLOB, iface:GLOB. Adds to the config's drift.expect."})
    List<String> expect = new ArrayList<>();

    @Option(names = "--no-config-expect", description = "Ignore drift.expect of the config file.")
    boolean noConfigExpect;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Monitor config whose drift: section gives approved and expect (default: /etc/rampart/monitor.yaml when it exists).")
    Path config;

    @Option(names = "--netns", paramLabel = "NAME", description = "Read the live state inside network namespace NAME.")
    String netns;

    @Option(names = "--root", paramLabel = "DIR",
            description = "Root of the apply history used when no approved state is given (default: $RAMPART_ROOT or /).")
    Path root;

    @Option(names = "--alert", description = {"On drift, also send the drift alert through the sinks of the config's alerts: section",
            "(webhook, email, syslog), once, without rate limiting. A failed send is reported on stderr and exits 4."})
    boolean alert;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DriftSettings settings = DriftSettings.DEFAULTS;
        AlertSettings alertSettings = AlertSettings.NONE;
        Path cfg = config != null ? config : Files.isRegularFile(DEFAULT_CONFIG) ? DEFAULT_CONFIG : null;
        if (cfg != null) {
            String text;
            try {
                text = Files.readString(cfg);
            } catch (IOException e) {
                throw new UsageException("cannot read config '" + cfg + "': " + e.getMessage());
            }
            Diagnostics diags = new Diagnostics(cfg.toString());
            settings = DriftSettings.read(SectionReader.parse(text, cfg.toString(), "drift", diags));
            if (alert && !diags.hasErrors()) {
                alertSettings = AlertSettings.read(SectionReader.parse(text, cfg.toString(), "alerts", diags));
            }
            if (diags.hasErrors()) {
                DiagnosticOutput.text(err, diags.all());
                err.flush();
                return ExitCode.INVALID_INPUT;
            }
        }
        String host = AlertSettings.localName();
        List<AlertSink> sinks = alertSettings.sinks(new ProcessRunner(), host, Clock.systemUTC());
        if (alert && sinks.isEmpty()) {
            throw new UsageException("--alert needs an alerts: section with a webhook, email or syslog sink in "
                    + (cfg == null ? DEFAULT_CONFIG + " (or --config FILE)" : cfg));
        }
        ApprovedState approved = approved(settings);
        List<String> words = new ArrayList<>();
        if (!noConfigExpect) {
            settings.expect().patterns().forEach(p -> words.add(p.toString()));
        }
        words.addAll(expect);
        ExpectedChanges expected;
        try {
            expected = ExpectedChanges.parse(words);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        ProcessRunner runner = new ProcessRunner().withTimeout(settings.timeout());
        if (netns != null) {
            runner = runner.inNetns(netns);
        }
        DriftReport report;
        try {
            report = new DriftCheck(expected, settings.semanticMaxRules()).check(approved, runner, Clock.systemUTC());
        } catch (ApprovedStateException e) {
            DiagnosticOutput.text(err, e.diagnostics());
            err.flush();
            return ExitCode.INVALID_INPUT;
        } catch (UncheckedIOException e) {
            throw new UsageException(e.getMessage());
        } catch (dev.rampart.host.HostException e) {
            throw new HostException("cannot read the live firewall: " + e.getMessage());
        } catch (IllegalStateException e) {
            throw new HostException(e.getMessage());
        }
        if (format.format() == OutputFormat.JSON) {
            out.println(DiagnosticOutput.json().writeValueAsString(DriftReportWriter.json(report)));
        } else {
            out.print(DriftReportWriter.text(report));
        }
        out.flush();
        if (alert && report.drifted()) {
            Alert a = DriftWatch.alert(report);
            boolean failed = false;
            for (AlertSink sink : sinks) {
                if (a.severity().compareTo(sink.minSeverity()) < 0) {
                    continue;
                }
                try {
                    sink.send(a);
                } catch (IOException | RuntimeException e) {
                    err.println("rampart: error: alert sink " + sink.name() + " failed: " + e.getMessage());
                    failed = true;
                }
            }
            err.flush();
            if (failed) {
                return ExitCode.HOST_FAILURE;
            }
        }
        return report.drifted() ? ExitCode.FINDINGS : ExitCode.OK;
    }

    private ApprovedState approved(DriftSettings settings) {
        boolean files = approvedV4 != null || approvedV6 != null || approvedSets != null;
        if (files && approvedDir != null) {
            throw new UsageException("give either --approved DIR or --approved-v4/-v6/-ipsets FILE, not both");
        }
        if (files) {
            for (Path p : new Path[] {approvedV4, approvedV6, approvedSets}) {
                if (p != null && !Files.isRegularFile(p)) {
                    throw new UsageException("cannot read approved file '" + p + "': no such file");
                }
            }
            Path first = approvedV4 != null ? approvedV4 : approvedV6 != null ? approvedV6 : approvedSets;
            return new ApprovedFiles(first.toString(), approvedV4, approvedV6, approvedSets);
        }
        Path dir = approvedDir != null ? approvedDir : settings.approved();
        if (dir == null) {
            // no files named: the approved state is what the newest approved 'rampart apply' put in force
            HistoryStore store = new HistoryStore(RampartDirs.resolve(root, System.getenv()).history());
            return ApprovedHistory.latest(store).orElseThrow(() -> new UsageException("no approved state: no"
                    + " approved 'rampart apply' in " + store.dir() + "; give --approved DIR (rules.v4, rules.v6,"
                    + " ipsets) or --approved-v4/-v6/-ipsets FILE, or set drift.approved in " + DEFAULT_CONFIG));
        }
        try {
            return ApprovedFiles.directory(dir);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
