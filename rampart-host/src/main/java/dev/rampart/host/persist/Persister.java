package dev.rampart.host.persist;

import dev.rampart.host.HostException;
import dev.rampart.host.LiveRuleset;
import dev.rampart.host.ProcessRunner;
import dev.rampart.host.probe.HostRoot;
import dev.rampart.host.probe.PersistenceLayout;
import dev.rampart.host.probe.ToolVersion;
import dev.rampart.model.Family;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code rampart persist}: saves the live IPv4 and IPv6 rules ({@code iptables-save}, without counters)
 * and the ipsets ({@code ipset save}) into a distribution's boot-time files ({@link PersistenceLayout}),
 * each written with {@link AtomicFileWriter} (temporary file, fsync, rename; the replaced file kept as
 * {@code NAME.rampart-prev}). The ipset file comes first, so the rules are never persisted without the sets
 * they name. The timestamp comments {@code iptables-save} prints are left out and chain counters zeroed
 * ({@link #withoutTimestamps}), so persisting an unchanged ruleset leaves the files unchanged. Without ipset installed, the ipset file is not touched.
 */
public final class Persister {
    private final ProcessRunner runner;
    private final HostRoot root;
    private final PersistenceLayout layout;

    public Persister(ProcessRunner runner, HostRoot root, PersistenceLayout layout) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.root = Objects.requireNonNull(root, "root");
        this.layout = Objects.requireNonNull(layout, "layout");
    }

    /**
     * One file to write.
     *
     * @param path    the path as on the target system, e.g. {@code /etc/iptables/rules.v4}
     * @param what    {@code IPv4 rules}, {@code IPv6 rules} or {@code ipsets}
     * @param content the text
     */
    public record PlannedFile(String path, String what, String content) {
    }

    /**
     * What one file became.
     *
     * @param file    the planned file
     * @param result  the write's result, null for a dry run
     */
    public record PersistedFile(PlannedFile file, AtomicFileWriter.Result result) {
    }

    /**
     * Reads the live state and returns the files to write, ipsets first.
     *
     * @throws HostException when iptables-save, ip6tables-save or ipset save fails
     */
    public List<PlannedFile> plan() {
        List<PlannedFile> out = new ArrayList<>();
        if (ToolVersion.detect(runner, "ipset").available()) {
            String sets = runner.check(List.of("ipset", "save"), null).stdout();
            out.add(new PlannedFile(layout.ipsets(), "ipsets", sets));
        }
        LiveRuleset live = new LiveRuleset(runner);
        out.add(new PlannedFile(layout.rulesV4(), "IPv4 rules", withoutTimestamps(live.save(Family.IPV4, false))));
        out.add(new PlannedFile(layout.rulesV6(), "IPv6 rules", withoutTimestamps(live.save(Family.IPV6, false))));
        return out;
    }

    /**
     * Writes the planned files in order. Stops at the first failure; files written before it stay
     * written (each is complete on its own) and the message says which ones.
     */
    public List<PersistedFile> write(List<PlannedFile> plan) {
        List<PersistedFile> done = new ArrayList<>();
        for (PlannedFile f : plan) {
            try {
                AtomicFileWriter.Result r = AtomicFileWriter.write(root.resolve(f.path()),
                        f.content().getBytes(StandardCharsets.UTF_8), layout.mode());
                done.add(new PersistedFile(f, r));
            } catch (PersistException e) {
                String written = done.stream().map(d -> d.file().path()).reduce((a, b) -> a + ", " + b).orElse("");
                throw new PersistException(e.getMessage() + (written.isEmpty() ? "" : "; already written: " + written),
                        e);
            }
        }
        return done;
    }

    /**
     * The planned files that would replace a file holding rules (or sets) with one holding none — what
     * happens when persisting a host whose rules were never loaded or were flushed. One sentence each,
     * naming the file and what it holds now; empty when no such file is planned.
     */
    public List<String> emptyOverwrites(List<PlannedFile> plan) {
        List<String> out = new ArrayList<>();
        for (PlannedFile f : plan) {
            String old = root.read(f.path()).orElse(null);
            if (old == null) {
                continue;
            }
            boolean sets = f.what().equals("ipsets");
            int before = sets ? setCount(old) : ruleCount(old, f);
            int after = sets ? setCount(f.content()) : ruleCount(f.content(), f);
            if (before > 0 && after == 0) {
                out.add(f.path() + " holds " + before + (sets ? (before == 1 ? " set" : " sets")
                        : (before == 1 ? " rule" : " rules")) + " and the new " + f.what() + " hold none");
            }
        }
        return out;
    }

    private static int ruleCount(String text, PlannedFile f) {
        Family family = f.what().startsWith("IPv6") ? Family.IPV6 : Family.IPV4;
        return new dev.rampart.model.parse.RestoreParser(family).parse(text, f.path()).ruleset().ruleCount();
    }

    private static int setCount(String text) {
        return new dev.rampart.model.ipset.IpSetParser().parse(text, "ipsets").sets().sets().size();
    }

    /** A chain line with its counters: {@code :INPUT DROP [3:180]}. */
    private static final java.util.regex.Pattern CHAIN_COUNTERS =
            java.util.regex.Pattern.compile("^(:\\S+ \\S+) \\[\\d+:\\d+\\]$");

    /**
     * {@code iptables-save} output without its {@code # Generated by} / {@code # Completed on} lines and
     * with the chain counters (which {@code iptables-save} prints even without {@code -c}) set to
     * {@code [0:0]}: what changes with time alone is left out, so an unchanged ruleset gives an unchanged file.
     */
    public static String withoutTimestamps(String save) {
        StringBuilder sb = new StringBuilder(save.length());
        save.lines()
                .filter(l -> !l.startsWith("# Generated by ") && !l.startsWith("# Completed on "))
                .map(l -> l.startsWith(":") ? CHAIN_COUNTERS.matcher(l).replaceFirst("$1 [0:0]") : l)
                .forEach(l -> sb.append(l).append('\n'));
        return sb.toString();
    }

    /** The layout written. */
    public PersistenceLayout layout() {
        return layout;
    }
}
