package dev.rampart.monitor.ban;

import dev.rampart.host.HostException;
import dev.rampart.host.ProcessResult;
import dev.rampart.host.ProcessRunner;
import dev.rampart.model.Family;
import dev.rampart.model.net.IpPrefix;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel side of bans: two ipsets ({@code hash:net}, one per family, with kernel-side timeouts, so a
 * ban ends on time even when the daemon is not running) and one rule per set and chain at the top of
 * {@code INPUT} (and {@code DOCKER-USER} when that chain exists):
 * {@code -m set --match-set rampart-ban4 src -m comment --comment "rampart: banned sources" -j DROP}.
 * Never one rule per offender: a ban is one set element.
 *
 * <p>{@link #ensure()} is idempotent: sets created with {@code -exist} (when a set exists with another
 * {@code maxelem}, a new one is filled with its elements and swapped in), rules inserted only when
 * missing and moved back to the top when something was inserted above them. All commands go through the
 * given {@link ProcessRunner} (argument arrays; tests prefix {@code ip netns exec}). Thread-safe.
 */
public final class IpsetBans {
    /** The comment on the rules that reference the sets (drift checks can declare it expected). */
    public static final String RULE_COMMENT = "rampart: banned sources";

    private final ProcessRunner runner;
    private final BanSettings settings;

    public IpsetBans(ProcessRunner runner, BanSettings settings) {
        this.runner = runner;
        this.settings = settings;
    }

    public BanSettings settings() {
        return settings;
    }

    /** The set that holds bans of {@code family}. */
    public String setOf(Family family) {
        return family == Family.IPV4 ? settings.set4() : settings.set6();
    }

    /** Creates the sets and the rules that reference them when missing. */
    public void ensure() {
        for (Family f : List.of(Family.IPV4, Family.IPV6)) {
            ensureSet(setOf(f), f);
            String tool = f == Family.IPV4 ? "iptables" : "ip6tables";
            for (String chain : settings.chains()) {
                if (!chain.equals("INPUT") && !runner.run(tool, "-w", "-S", chain).succeeded()) {
                    continue; // DOCKER-USER only exists when Docker runs
                }
                ensureRule(tool, chain, setOf(f));
            }
        }
    }

    private List<String> createCommand(String name, Family f) {
        return List.of("ipset", "create", name, "hash:net", "family", f == Family.IPV4 ? "inet" : "inet6",
                "timeout", "0", "maxelem", Integer.toString(settings.maxElements()), "-exist");
    }

    private void ensureSet(String name, Family f) {
        ProcessResult r = runner.run(createCommand(name, f), null);
        if (r.succeeded()) {
            return;
        }
        if (!r.stderr().contains("already exists")) {
            r.requireSuccess();
        }
        // exists with other parameters (maxelem changed in the configuration): copy into a new set and swap
        String tmp = (name.length() > 27 ? name.substring(0, 27) : name) + "-new";
        runner.run("ipset", "destroy", tmp);
        runner.check(createCommand(tmp, f), null);
        String saved = runner.output("ipset", "save", name);
        StringBuilder restore = new StringBuilder();
        for (String line : saved.split("\n")) {
            if (line.startsWith("add " + name + " ")) {
                restore.append("add ").append(tmp).append(line.substring(4 + name.length())).append('\n');
            }
        }
        runner.check(List.of("ipset", "restore", "-exist"), restore.toString());
        runner.check(List.of("ipset", "swap", tmp, name), null);
        runner.check(List.of("ipset", "destroy", tmp), null);
    }

    private List<String> ruleSpec(String set) {
        return List.of("-m", "set", "--match-set", set, "src", "-m", "comment", "--comment", RULE_COMMENT, "-j",
                settings.target());
    }

    private void ensureRule(String tool, String chain, String set) {
        List<String> check = new ArrayList<>(List.of(tool, "-w", "-C", chain));
        check.addAll(ruleSpec(set));
        if (runner.run(check, null).succeeded()) {
            String first = firstRule(tool, chain);
            if (first != null && first.contains("--match-set " + set + " ")) {
                return;
            }
            // moved down by rules inserted above it: take it out and put it back on top
            List<String> del = new ArrayList<>(List.of(tool, "-w", "-D", chain));
            del.addAll(ruleSpec(set));
            runner.check(del, null);
        }
        List<String> ins = new ArrayList<>(List.of(tool, "-w", "-I", chain, "1"));
        ins.addAll(ruleSpec(set));
        runner.check(ins, null);
    }

    private String firstRule(String tool, String chain) {
        for (String line : runner.output(tool, "-w", "-S", chain).split("\n")) {
            if (line.startsWith("-A ")) {
                return line;
            }
        }
        return null;
    }

    /**
     * Puts {@code target} into its set for {@code remaining} (null: permanently; {@code -exist}: an
     * existing element gets the new timeout).
     */
    public void add(IpPrefix target, Duration remaining) {
        runner.check(addCommand(target, remaining), null);
    }

    /** Puts every target with its remaining time into the sets: one {@code ipset restore} for several. */
    public void addAll(List<IpPrefix> targets, List<Duration> remaining) {
        if (targets.size() == 1) {
            add(targets.get(0), remaining.get(0));
            return;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < targets.size(); i++) {
            sb.append(restoreLine(targets.get(i), remaining.get(i)));
        }
        if (sb.length() > 0) {
            runner.check(List.of("ipset", "restore", "-exist"), sb.toString());
        }
    }

    /** One {@code ipset restore} line adding {@code target} with {@code remaining} time. */
    private String restoreLine(IpPrefix target, Duration remaining) {
        return "add " + setOf(target.family()) + " " + BanTargets.format(target) + " timeout "
                + timeoutSeconds(remaining) + "\n";
    }

    private List<String> addCommand(IpPrefix target, Duration remaining) {
        return List.of("ipset", "add", "-exist", setOf(target.family()), BanTargets.format(target), "timeout",
                Long.toString(timeoutSeconds(remaining)));
    }

    /** The kernel timeout of a ban with {@code remaining} time: 0 = permanent, else at least 1 second. */
    static long timeoutSeconds(Duration remaining) {
        if (remaining == null) {
            return 0;
        }
        long s = remaining.getSeconds() + (remaining.getNano() > 0 ? 1 : 0);
        return Math.max(1, Math.min(s, 2_147_483L)); // the kernel's timeout limit (UINT_MAX / 1000 s)
    }

    /** Takes {@code target} out of its set (no error when it is not there). */
    public void remove(IpPrefix target) {
        runner.check(List.of("ipset", "del", "-exist", setOf(target.family()), BanTargets.format(target)), null);
    }

    /** Whether the kernel's set holds {@code target} now. */
    public boolean contains(IpPrefix target) {
        return runner.run("ipset", "test", setOf(target.family()), BanTargets.format(target)).succeeded();
    }

    /**
     * Puts every ban still running at {@code now} into the sets with its remaining time, in one
     * {@code ipset restore -exist} (after a daemon restart or a reboot).
     */
    public void restore(List<Ban> bans, Instant now) {
        StringBuilder sb = new StringBuilder();
        for (Ban b : bans) {
            if (!b.expiredAt(now)) {
                sb.append(restoreLine(b.target(), b.remaining(now)));
            }
        }
        if (sb.length() > 0) {
            runner.check(List.of("ipset", "restore", "-exist"), sb.toString());
        }
    }

    /** Whether ipset is usable at all (for messages: the command may be missing or need root). */
    public static String problem(ProcessRunner runner) {
        try {
            ProcessResult r = runner.run("ipset", "version");
            return r.succeeded() ? null : r.stderr().strip();
        } catch (HostException e) {
            return e.getMessage();
        }
    }
}
