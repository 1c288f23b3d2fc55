package dev.rampart.model.ext;

import dev.rampart.model.Family;
import dev.rampart.model.match.MatchCatalog;
import dev.rampart.model.target.TargetCatalog;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The match and target extensions available for one family, looked up by name; also answers which
 * extension owns an option name, for "did you forget -m X?" hints.
 */
public final class Extensions {
    private static final Extensions IPV4 = new Extensions(Family.IPV4);
    private static final Extensions IPV6 = new Extensions(Family.IPV6);

    private final Family family;
    private final Map<String, MatchExtension> matches = new HashMap<>();
    private final Map<String, TargetExtension> targets = new HashMap<>();
    private final Map<String, List<String>> optionOwners = new HashMap<>();

    private Extensions(Family family) {
        this.family = family;
        for (MatchExtension m : MatchCatalog.all()) {
            if (m.families().contains(family)) {
                matches.put(m.name(), m);
                for (OptionSpec s : m.options()) {
                    optionOwners.computeIfAbsent(s.name(), k -> new ArrayList<>()).add("-m " + m.name());
                }
            }
        }
        for (TargetExtension t : TargetCatalog.all()) {
            if (t.families().contains(family)) {
                targets.put(t.name(), t);
                for (OptionSpec s : t.options()) {
                    optionOwners.computeIfAbsent(s.name(), k -> new ArrayList<>()).add("-j " + t.name());
                }
            }
        }
    }

    /** The registry for {@code family}. */
    public static Extensions of(Family family) {
        return family == Family.IPV4 ? IPV4 : IPV6;
    }

    public Family family() {
        return family;
    }

    /** The match module {@code name}, or null. */
    public MatchExtension match(String name) {
        return matches.get(name);
    }

    /** The target extension {@code name}, or null. */
    public TargetExtension target(String name) {
        return targets.get(name);
    }

    /** Names of all match modules. */
    public Set<String> matchNames() {
        return Collections.unmodifiableSet(new TreeSet<>(matches.keySet()));
    }

    /** Names of all target extensions. */
    public Set<String> targetNames() {
        return Collections.unmodifiableSet(new TreeSet<>(targets.keySet()));
    }

    /** Which extensions ({@code -m tcp}, {@code -j LOG}) take option {@code name}; empty when none. */
    public List<String> ownersOf(String name) {
        return optionOwners.getOrDefault(name, List.of());
    }
}
