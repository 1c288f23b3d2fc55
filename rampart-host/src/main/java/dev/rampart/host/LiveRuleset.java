package dev.rampart.host;

import dev.rampart.model.Family;
import dev.rampart.model.TableName;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads and loads the kernel's live ruleset with the system's own {@code iptables-save} /
 * {@code ip6tables-save} and {@code iptables-restore} / {@code ip6tables-restore}.
 *
 * <p>This class only moves text: {@link #save} returns exactly what the tool printed (parse it with
 * {@code dev.rampart.model.parse.RestoreParser}), and {@link #load} passes text to the tool unchanged.
 * Which host or namespace it acts on is decided by the {@link ProcessRunner} it is given (see
 * {@link ProcessRunner#inNetns(String)}). Failures raise {@link HostException} with the command, its
 * exit status and its stderr.
 */
public final class LiveRuleset {
    private final ProcessRunner runner;

    /** Reads and loads through {@code runner}. */
    public LiveRuleset(ProcessRunner runner) {
        this.runner = Objects.requireNonNull(runner, "runner");
    }

    /**
     * The whole live ruleset of {@code family} as {@code iptables-save} prints it.
     *
     * @param counters also print rule counters ({@code -c}), as {@code [packets:bytes]} prefixes
     */
    public String save(Family family, boolean counters) {
        return save(family, null, counters);
    }

    /** One table ({@code -t TABLE}) of the live ruleset, or all tables when {@code table} is null. */
    public String save(Family family, TableName table, boolean counters) {
        List<String> cmd = new ArrayList<>();
        cmd.add(saveCommand(family));
        if (counters) {
            cmd.add("-c");
        }
        if (table != null) {
            cmd.add("-t");
            cmd.add(table.id());
        }
        return runner.check(cmd, null).stdout();
    }

    /**
     * Loads {@code text} (iptables-restore input) atomically with {@code iptables-restore}: every table
     * named in the text is replaced as a whole, other tables are left alone. There is no backup and no
     * rollback here; this is the primitive under Rampart's safe apply, not a substitute for it.
     *
     * @param counters load the {@code [packets:bytes]} counters in the text ({@code -c}); otherwise the
     *                 kernel starts every counter, policy counters included, at zero
     * @throws HostException when the tool rejects the text; its stderr names the failing line
     */
    public void load(Family family, String text, boolean counters) {
        List<String> cmd = new ArrayList<>();
        cmd.add(restoreCommand(family));
        if (counters) {
            cmd.add("-c");
        }
        runner.check(cmd, text);
    }

    /**
     * Asks {@code iptables-restore --test} whether it would accept {@code text}, without changing the
     * kernel. Returns the tool's result; its stderr names the failing line when it would not.
     */
    public ProcessResult test(Family family, String text) {
        return runner.run(List.of(restoreCommand(family), "--test"), text);
    }

    /** {@code iptables-save} or {@code ip6tables-save}. */
    public static String saveCommand(Family family) {
        return family.command() + "-save";
    }

    /** {@code iptables-restore} or {@code ip6tables-restore}. */
    public static String restoreCommand(Family family) {
        return family.command() + "-restore";
    }
}
