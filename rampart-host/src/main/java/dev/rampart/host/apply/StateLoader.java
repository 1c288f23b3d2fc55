package dev.rampart.host.apply;

import dev.rampart.host.HostException;
import dev.rampart.host.LiveRuleset;
import dev.rampart.host.ProcessRunner;
import dev.rampart.host.history.RulesetState;
import dev.rampart.model.Family;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads a {@link RulesetState} into the kernel: ipsets first, then one {@code iptables-restore} and
 * one {@code ip6tables-restore}, each given the text unchanged. Ipsets are loaded with one
 * {@code ipset restore}: a set that does not exist is created and filled; a set that exists (and may be
 * referenced by live rules, so it cannot be destroyed) is rebuilt under a temporary name, then
 * {@code ipset swap}ped with the live one, and the temporary set (now holding the old members)
 * destroyed — the live set changes in one step.
 *
 * <p>Failure: {@code iptables-restore} commits table by table (the nft backend too — observed with
 * iptables 1.8.9: a rejected {@code *filter} after a valid {@code *mangle} leaves the new mangle in
 * place), so a rejected input leaves a mix. {@link #load} therefore restores the previous state of
 * everything it touched before it reports the kernel's error, with the failing line quoted.
 */
public final class StateLoader {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ProcessRunner runner;
    private final LiveRuleset live;

    /** Loads through {@code runner} (whose prefix decides the host or namespace). */
    public StateLoader(ProcessRunner runner) {
        this.runner = runner;
        this.live = new LiveRuleset(runner);
    }

    /**
     * Loads the present parts of {@code target}. When the kernel rejects any of them, the parts already
     * changed are restored from {@code before} (a complete snapshot) and an {@link ApplyException}
     * ({@code REJECTED}, or {@code RESTORE_FAILED} when the restore failed too) carries the kernel's
     * message with the failing line.
     *
     * @param sourceNames names for messages, per part: e.g. {@code policy.yaml (rules.v4)}
     */
    public void load(RulesetState target, RulesetState before, Map<String, String> sourceNames) {
        load(target, before, sourceNames, Map.of());
    }

    /**
     * As {@link #load(RulesetState, RulesetState, Map)}, committing the families in {@code held}
     * through their already started and held {@code iptables-restore} ({@link HeldRestore}).
     */
    void load(RulesetState target, RulesetState before, Map<String, String> sourceNames, Map<Family, HeldRestore> held) {
        String failure = null;
        RulesetState touched = new RulesetState(null, null, null);
        try {
            if (target.ipsets() != null) {
                touched = new RulesetState(null, null, target.ipsets());
                loadIpsets(target.ipsets(), sourceNames.getOrDefault(RulesetState.IPSETS, RulesetState.IPSETS));
            }
            if (target.rulesV4() != null) {
                touched = new RulesetState(target.rulesV4(), null, touched.ipsets());
                loadRules(Family.IPV4, target.rulesV4(),
                        sourceNames.getOrDefault(RulesetState.RULES_V4, RulesetState.RULES_V4), held.get(Family.IPV4));
            }
            if (target.rulesV6() != null) {
                touched = new RulesetState(touched.rulesV4(), target.rulesV6(), touched.ipsets());
                loadRules(Family.IPV6, target.rulesV6(),
                        sourceNames.getOrDefault(RulesetState.RULES_V6, RulesetState.RULES_V6), held.get(Family.IPV6));
            }
            return;
        } catch (ApplyException e) {
            failure = e.getMessage();
            held.values().forEach(HeldRestore::abort);
        }
        List<String> restoreProblems = restore(before, touched);
        if (!restoreProblems.isEmpty()) {
            throw new ApplyException(ApplyException.Problem.RESTORE_FAILED, failure
                    + "\nrestoring the previous state FAILED as well; the firewall may be in a mixed state:\n  "
                    + String.join("\n  ", restoreProblems));
        }
        throw new ApplyException(ApplyException.Problem.REJECTED, failure + "\nthe previous state is back in place");
    }

    /**
     * Puts back a complete snapshot {@code state} for the parts present in {@code touched}: each
     * touched family is restored from {@code state} with the tables {@code touched} named but
     * {@code state} lacks emptied; each ipset named in {@code touched} gets its members from
     * {@code state}, or is destroyed (after the rules no longer use it) when {@code state} lacks it.
     * Keeps going after a failure.
     *
     * @return the problems (empty when all went back)
     */
    public List<String> restore(RulesetState state, RulesetState touched) {
        List<String> problems = new ArrayList<>();
        Map<String, IpsetText.SetBlock> previousSets = Map.of();
        Set<String> toDestroy = new LinkedHashSet<>();
        if (touched.ipsets() != null) {
            try {
                Map<String, IpsetText.SetBlock> touchedSets = IpsetText.parse(touched.ipsets(), "ipsets");
                previousSets = state.ipsets() == null ? Map.of() : IpsetText.parse(state.ipsets(), "previous ipsets");
                StringBuilder keep = new StringBuilder();
                for (String name : touchedSets.keySet()) {
                    IpsetText.SetBlock b = previousSets.get(name);
                    if (b == null) {
                        toDestroy.add(name);
                    } else {
                        keep.append(b.create().text()).append('\n');
                        b.adds().forEach(l -> keep.append(l.text()).append('\n'));
                    }
                }
                if (keep.length() > 0) {
                    loadIpsets(keep.toString(), "previous ipsets");
                }
            } catch (RuntimeException e) {
                problems.add(e.getMessage());
            }
        }
        for (Family f : List.of(Family.IPV4, Family.IPV6)) {
            String touchedText = f == Family.IPV4 ? touched.rulesV4() : touched.rulesV6();
            if (touchedText == null) {
                continue;
            }
            String previous = f == Family.IPV4 ? state.rulesV4() : state.rulesV6();
            StringBuilder text = new StringBuilder(previous == null ? "" : previous);
            Set<String> had = KernelText.tables(previous);
            for (String t : KernelText.tables(touchedText)) {
                String empty = had.contains(t) ? null : KernelText.emptyTable(t);
                if (empty != null) {
                    text.append(empty);
                }
            }
            if (text.length() == 0) {
                continue;
            }
            try {
                loadRules(f, text.toString(), "previous " + LiveRuleset.saveCommand(f) + " state");
            } catch (RuntimeException e) {
                problems.add(e.getMessage());
            }
        }
        for (String name : toDestroy) {
            ProcessResultText r = destroy(name);
            if (r != null) {
                problems.add(r.text());
            }
        }
        return problems;
    }

    private record ProcessResultText(String text) {
    }

    private ProcessResultText destroy(String set) {
        try {
            var r = runner.run(List.of("ipset", "destroy", set), null);
            if (r.succeeded() || r.stderr().contains("does not exist")) {
                return null;
            }
            return new ProcessResultText("cannot destroy ipset '" + set + "' created by the change: " + r.stderr().strip());
        } catch (HostException e) {
            return new ProcessResultText(e.getMessage());
        }
    }

    private void loadRules(Family family, String text, String source, HeldRestore held) {
        if (held != null) {
            held.release();
            return;
        }
        loadRules(family, text, source);
    }

    private void loadRules(Family family, String text, String source) {
        try {
            live.load(family, text, false);
        } catch (HostException e) {
            throw new ApplyException(ApplyException.Problem.REJECTED,
                    KernelText.rejection(LiveRuleset.restoreCommand(family) + " input " + source, source, text, null, e),
                    e);
        }
    }

    /** One {@code ipset restore} of {@code text} as described in the class comment; cleans up its temporary sets on failure. */
    private void loadIpsets(String text, String source) {
        Map<String, IpsetText.SetBlock> sets = IpsetText.parse(text, source);
        if (sets.isEmpty()) {
            return;
        }
        Map<String, String> liveHeaders;
        try {
            liveHeaders = IpsetText.liveHeaders(runner.check(List.of("ipset", "list", "-t"), null).stdout());
        } catch (HostException e) {
            throw new ApplyException(ApplyException.Problem.HOST, "cannot list the live ipsets: " + e.getMessage(), e);
        }
        byte[] rnd = new byte[3];
        RANDOM.nextBytes(rnd);
        String tmpPrefix = "rt" + HexFormat.of().formatHex(rnd) + "-";
        List<String> script = new ArrayList<>();
        List<String> origins = new ArrayList<>();
        List<String> swaps = new ArrayList<>();
        List<String> temps = new ArrayList<>();
        int i = 0;
        // sets whose type changed cannot be swapped: destroy (fails while referenced) and create, first
        for (IpsetText.SetBlock b : sets.values()) {
            String liveHeader = liveHeaders.get(b.name());
            if (liveHeader != null && !liveHeader.equals(b.type() + " " + b.family())) {
                add(script, origins, "destroy " + b.name(), source + ":" + b.create().number() + ": " + b.create().text()
                        + " (the live set '" + b.name() + "' is " + liveHeader + " and must be destroyed to change its type)");
                addBlock(script, origins, b, b.name(), source);
            }
        }
        for (IpsetText.SetBlock b : sets.values()) {
            String liveHeader = liveHeaders.get(b.name());
            if (liveHeader == null) {
                addBlock(script, origins, b, b.name(), source);
            } else if (liveHeader.equals(b.type() + " " + b.family())) {
                String tmp = tmpPrefix + (i++);
                temps.add(tmp);
                addBlock(script, origins, b, tmp, source);
                swaps.add(tmp + " " + b.name());
            }
        }
        for (String s : swaps) {
            add(script, origins, "swap " + s, "(swap of the rebuilt set into '" + s.split(" ")[1] + "')");
        }
        for (String t : temps) {
            add(script, origins, "destroy " + t, "(removal of the temporary set " + t + ")");
        }
        String fed = String.join("\n", script) + "\n";
        try {
            runner.check(List.of("ipset", "restore"), fed);
        } catch (HostException e) {
            for (String t : temps) {
                runner.run(List.of("ipset", "destroy", t), null);
            }
            throw new ApplyException(ApplyException.Problem.REJECTED,
                    KernelText.rejection("ipset restore input " + source, source, fed, origins, e), e);
        }
    }

    private static void addBlock(List<String> script, List<String> origins, IpsetText.SetBlock b, String as,
                                 String source) {
        add(script, origins, b.createAs(as), source + ":" + b.create().number() + ": " + b.create().text());
        List<String> adds = b.addsAs(as);
        for (int k = 0; k < adds.size(); k++) {
            IpsetText.Line l = b.adds().get(k);
            add(script, origins, adds.get(k), source + ":" + l.number() + ": " + l.text());
        }
    }

    private static void add(List<String> script, List<String> origins, String line, String origin) {
        script.add(line);
        origins.add(origin);
    }
}
