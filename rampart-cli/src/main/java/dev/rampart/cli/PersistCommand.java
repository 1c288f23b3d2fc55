package dev.rampart.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rampart.host.persist.AtomicFileWriter;
import dev.rampart.host.persist.PersistException;
import dev.rampart.host.persist.Persister;
import dev.rampart.host.persist.Persister.PersistedFile;
import dev.rampart.host.persist.Persister.PlannedFile;
import dev.rampart.host.probe.HostProbe;
import dev.rampart.host.probe.HostRoot;
import dev.rampart.host.probe.LayoutChoice;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rampart persist}: writes the live IPv4 and IPv6 rules and the ipsets to the distribution's
 * boot-time files ({@link Persister}; atomically, the previous file kept as {@code NAME.rampart-prev}).
 * {@code --dry-run} shows what would be written. Exit 0 when done, 2 on a usage error, 4 when the live
 * state cannot be read or a file cannot be written (the message names it; nothing half-written is left).
 */
@Command(name = "persist", mixinStandardHelpOptions = true,
        description = {"Save the live rules (iptables-save, ip6tables-save, without counters) and ipsets (ipset save)",
                "where the distribution's boot service loads them: Debian/Ubuntu /etc/iptables/rules.v4|v6 + ipsets,",
                "RHEL/Fedora /etc/sysconfig/iptables|ip6tables|ipset, Arch /etc/iptables/iptables.rules|ip6tables.rules",
                "+ /etc/ipset.conf. Each file is replaced atomically (temporary file, fsync, rename); the replaced",
                "file is kept as NAME.rampart-prev. Needs root."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:files written (or unchanged; or, with --dry-run, shown)", "2:usage error",
                "4:the live state cannot be read or a file cannot be written"})
public final class PersistCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    HostOptions host;

    @Mixin
    FormatOption format;

    @Option(names = "--dry-run", description = "Show the files and what they would hold; write nothing.")
    boolean dryRun;

    @Option(names = "--show", description = "With --dry-run, print the content of each file too.")
    boolean show;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        HostRoot root = host.root();
        var runner = host.runner();
        LayoutChoice layout = host.layout(() -> new HostProbe(runner, root).layout());
        if (layout.warning() != null) {
            err.println("rampart: warning: " + layout.warning());
            err.flush();
        }
        Persister persister = new Persister(runner, root, layout.layout());
        List<PlannedFile> plan;
        try {
            plan = persister.plan();
        } catch (dev.rampart.host.HostException e) {
            throw new HostException("cannot read the live state: " + e.getMessage());
        }
        List<PersistedFile> done = new ArrayList<>();
        if (dryRun) {
            for (PlannedFile f : plan) {
                done.add(new PersistedFile(f, null));
            }
        } else {
            try {
                done.addAll(persister.write(plan));
            } catch (PersistException e) {
                throw new HostException(e.getMessage());
            }
        }
        if (format.format() == OutputFormat.JSON) {
            out.println(json(layout, done, dryRun).toPrettyString());
        } else {
            out.print(text(layout, root, done, dryRun, show));
        }
        out.flush();
        return ExitCode.OK;
    }

    static String text(LayoutChoice layout, HostRoot root, List<PersistedFile> files, boolean dryRun, boolean show) {
        StringBuilder sb = new StringBuilder();
        sb.append("layout ").append(layout.layout().id()).append(": ").append(layout.reason())
                .append(root.path().toString().equals("/") ? "" : "; under root " + root).append('\n');
        for (PersistedFile f : files) {
            PlannedFile p = f.file();
            sb.append(p.path()).append(": ");
            String size = lines(p.content()) + " lines";
            if (f.result() == null) {
                sb.append("would write ").append(p.what()).append(" (").append(size).append(")\n");
                if (show) {
                    p.content().lines().forEach(l -> sb.append("  | ").append(l).append('\n'));
                }
                continue;
            }
            AtomicFileWriter.Result r = f.result();
            if (r.outcome() == AtomicFileWriter.Outcome.UNCHANGED) {
                sb.append("unchanged (").append(p.what()).append(")\n");
            } else {
                sb.append("written, ").append(p.what()).append(" (").append(size).append(", mode ")
                        .append(AtomicFileWriter.octal(r.mode())).append(")")
                        .append(r.previous() == null ? "" : "; previous kept as " + p.path()
                                + AtomicFileWriter.PREVIOUS_SUFFIX).append('\n');
            }
        }
        return sb.toString();
    }

    private static long lines(String s) {
        return s.lines().count();
    }

    static ObjectNode json(LayoutChoice layout, List<PersistedFile> files, boolean dryRun) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("layout", layout.layout().id());
        o.put("reason", layout.reason());
        if (layout.warning() == null) {
            o.putNull("warning");
        } else {
            o.put("warning", layout.warning());
        }
        o.put("dry_run", dryRun);
        ArrayNode arr = o.putArray("files");
        for (PersistedFile f : files) {
            ObjectNode x = arr.addObject();
            x.put("path", f.file().path());
            x.put("what", f.file().what());
            x.put("bytes", f.file().content().getBytes(StandardCharsets.UTF_8).length);
            if (f.result() == null) {
                x.put("outcome", "would_write");
                x.putNull("mode");
                x.putNull("previous");
            } else {
                x.put("outcome", f.result().outcome().name().toLowerCase(java.util.Locale.ROOT));
                x.put("mode", AtomicFileWriter.octal(f.result().mode()));
                if (f.result().previous() == null) {
                    x.putNull("previous");
                } else {
                    x.put("previous", f.file().path() + AtomicFileWriter.PREVIOUS_SUFFIX);
                }
            }
        }
        return o;
    }
}
