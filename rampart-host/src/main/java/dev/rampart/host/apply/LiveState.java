package dev.rampart.host.apply;

import dev.rampart.host.HostException;
import dev.rampart.host.LiveRuleset;
import dev.rampart.host.ProcessRunner;
import dev.rampart.host.history.RulesetState;
import dev.rampart.model.Family;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Reads the kernel's current state with its own tools ({@code iptables-save}, {@code ip6tables-save},
 * {@code ipset save}), the three in parallel, without counters and without the timestamp comment
 * lines (so that saving an unchanged state twice gives the same bytes and the same content hash).
 */
public final class LiveState {
    private LiveState() {
    }

    /**
     * The live state. A part the caller needs ({@code need} has it non-null) must be readable;
     * any other part is null when its tool fails or is missing (e.g. ipset not installed).
     *
     * @throws ApplyException (HOST) when a needed part cannot be read; the message has the tool's stderr
     */
    public static RulesetState read(ProcessRunner runner, RulesetState need) {
        LiveRuleset live = new LiveRuleset(runner);
        CompletableFuture<String> v4 = CompletableFuture.supplyAsync(() -> rules(live, Family.IPV4));
        CompletableFuture<String> v6 = CompletableFuture.supplyAsync(() -> rules(live, Family.IPV6));
        String sets = part(() -> runner.check(java.util.List.of("ipset", "save"), null).stdout(),
                need.ipsets() != null, "ipset save");
        String r4 = join(v4, need.rulesV4() != null, "iptables-save");
        String r6 = join(v6, need.rulesV6() != null, "ip6tables-save");
        return new RulesetState(r4, r6, sets);
    }

    private static String rules(LiveRuleset live, Family f) {
        return KernelText.withoutTimestamps(live.save(f, false));
    }

    private static String join(CompletableFuture<String> f, boolean needed, String tool) {
        return part(() -> {
            try {
                return f.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }, needed, tool);
    }

    private static String part(java.util.function.Supplier<String> read, boolean needed, String tool) {
        try {
            return read.get();
        } catch (HostException e) {
            if (needed) {
                throw new ApplyException(ApplyException.Problem.HOST,
                        "cannot save the current state with " + tool + " (nothing was changed): " + e.getMessage(), e);
            }
            return null;
        }
    }
}
