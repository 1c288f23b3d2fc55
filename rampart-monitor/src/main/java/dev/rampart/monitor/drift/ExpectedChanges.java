package dev.rampart.monitor.drift;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The changes to the live ruleset that are not drift: patterns ({@link ExpectPattern}) and presets that
 * stand for several patterns.
 *
 * <p>Presets (give them where a pattern is taken):
 * <ul>
 *   <li>{@code docker}: {@code chain:DOCKER*}, {@code iface:docker0}, {@code iface:br-*},
 *       {@code set:docker-*} — the chains Docker creates (DOCKER, DOCKER-USER, DOCKER-ISOLATION-STAGE-1/2,
 *       DOCKER-INGRESS), the rules it puts in FORWARD/POSTROUTING for its default bridges, and the ipsets of
 *       Docker 28+ ({@code docker-ext-bridges-v4/v6}) with the rules using them. Bridges created with a
 *       chosen name ({@code com.docker.network.bridge.name}) need their own {@code iface:NAME};</li>
 *   <li>{@code kube-proxy}: {@code chain:KUBE-*} — kube-proxy's chains and its jumps into them;</li>
 *   <li>{@code rampart-bans}: {@code set:rampart-ban*} — the monitor's ban sets (their members come and
 *       go) and the one rule per set that drops their members.</li>
 * </ul>
 *
 * @param patterns the patterns in the order given, presets expanded, duplicates removed
 */
public record ExpectedChanges(List<ExpectPattern> patterns) {

    /** No expected change: every difference is drift. */
    public static final ExpectedChanges NONE = new ExpectedChanges(List.of());

    /** The presets and the patterns they stand for. */
    public static final Map<String, List<String>> PRESETS = Map.of(
            "docker", List.of("chain:DOCKER*", "iface:docker0", "iface:br-*", "set:docker-*"),
            "kube-proxy", List.of("chain:KUBE-*"),
            "rampart-bans", List.of("set:rampart-ban*"));

    public ExpectedChanges {
        patterns = List.copyOf(new LinkedHashSet<>(patterns));
    }

    /**
     * Parses presets and {@code KIND:GLOB} patterns; throws {@link IllegalArgumentException} naming the
     * first bad one.
     */
    public static ExpectedChanges parse(List<String> words) {
        List<ExpectPattern> out = new ArrayList<>();
        for (String w : words) {
            List<String> preset = PRESETS.get(w);
            if (preset != null) {
                preset.forEach(p -> out.add(ExpectPattern.parse(p)));
            } else {
                out.add(ExpectPattern.parse(w));
            }
        }
        return new ExpectedChanges(out);
    }

    /** Whether no pattern is declared. */
    public boolean isEmpty() {
        return patterns.isEmpty();
    }

    /** Whether a {@code kind} pattern matches {@code name}. */
    public boolean matches(ExpectPattern.Kind kind, String name) {
        for (ExpectPattern p : patterns) {
            if (p.kind() == kind && p.matches(name)) {
                return true;
            }
        }
        return false;
    }
}
