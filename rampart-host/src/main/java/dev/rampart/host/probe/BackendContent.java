package dev.rampart.host.probe;

import dev.rampart.host.BackendInfo.Backend;
import dev.rampart.host.HostException;
import dev.rampart.host.ProcessResult;
import dev.rampart.host.ProcessRunner;
import dev.rampart.model.Chain;
import dev.rampart.model.Family;
import dev.rampart.model.Policy;
import dev.rampart.model.Ruleset;
import dev.rampart.model.Table;
import dev.rampart.model.parse.RestoreParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one kernel backend holds for one family, read with that backend's own save tool
 * ({@code iptables-legacy-save}, {@code iptables-nft-save}, and the {@code ip6tables-} variants) whatever
 * {@code iptables} itself points to. A backend "holds rules" when its tables have anything beyond the
 * empty defaults: a rule, a user chain, or a built-in chain whose policy is not ACCEPT. Tables that exist
 * but are empty (the nft backend and the legacy modules create them on first look) do not count.
 *
 * @param backend    the kernel interface
 * @param family     IPv4 or IPv6
 * @param tool       the save tool that was run
 * @param available  whether the tool exists and succeeded
 * @param rules      the number of rules
 * @param userChains the user-defined chains, {@code table/chain}
 * @param nonAcceptPolicies built-in chains whose policy is not ACCEPT, {@code table/chain}
 * @param problem    why the tool could not be read (null when it could, or when it is simply not installed)
 */
public record BackendContent(Backend backend, Family family, String tool, boolean available, int rules,
                             List<String> userChains, List<String> nonAcceptPolicies, String problem) {

    public BackendContent {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(tool, "tool");
        userChains = List.copyOf(userChains);
        nonAcceptPolicies = List.copyOf(nonAcceptPolicies);
    }

    /** Whether the backend holds anything beyond empty default tables. */
    public boolean holdsRules() {
        return rules > 0 || !userChains.isEmpty() || !nonAcceptPolicies.isEmpty();
    }

    /** The save tool of {@code backend} for {@code family}, e.g. {@code ip6tables-legacy-save}. */
    public static String saveTool(Backend backend, Family family) {
        return family.command() + (backend == Backend.LEGACY ? "-legacy" : "-nft") + "-save";
    }

    /** The content of {@code saveText} (the output of the backend's save tool). */
    public static BackendContent of(Backend backend, Family family, String saveText) {
        Ruleset r = new RestoreParser(family).parse(saveText, "<" + saveTool(backend, family) + ">").ruleset();
        List<String> user = new ArrayList<>();
        List<String> policies = new ArrayList<>();
        for (Table t : r.tables()) {
            for (Chain c : t.chains()) {
                if (!c.builtin()) {
                    user.add(t.name().id() + "/" + c.name());
                } else if (c.policy() != null && c.policy() != Policy.ACCEPT) {
                    policies.add(t.name().id() + "/" + c.name());
                }
            }
        }
        return new BackendContent(backend, family, saveTool(backend, family), true, r.ruleCount(), user, policies,
                null);
    }

    /**
     * Runs the backend's save tool through {@code runner}. A tool that is not installed gives an
     * unavailable content without problem; one that fails gives an unavailable content whose problem is
     * the tool's error.
     */
    public static BackendContent read(ProcessRunner runner, Backend backend, Family family) {
        String tool = saveTool(backend, family);
        ProcessResult r;
        try {
            r = runner.run(tool);
        } catch (HostException e) {
            boolean missing = e.getMessage().contains("not found");
            return new BackendContent(backend, family, tool, false, 0, List.of(), List.of(),
                    missing ? null : e.getMessage());
        }
        if (!r.succeeded()) {
            return new BackendContent(backend, family, tool, false, 0, List.of(), List.of(),
                    "'" + tool + "' failed with exit status " + r.exitStatus() + ": " + r.stderr().strip());
        }
        return of(backend, family, r.stdout());
    }

    /** {@code iptables-legacy-save: 3 rules, 1 user chain, 1 policy not ACCEPT} or {@code ...: empty}. */
    public String describe() {
        if (!available) {
            return tool + ": " + (problem == null ? "not installed" : problem);
        }
        if (!holdsRules()) {
            return tool + ": empty";
        }
        return tool + ": " + rules + (rules == 1 ? " rule" : " rules") + ", " + userChains.size()
                + (userChains.size() == 1 ? " user chain" : " user chains") + ", " + nonAcceptPolicies.size()
                + (nonAcceptPolicies.size() == 1 ? " policy" : " policies") + " not ACCEPT";
    }
}
