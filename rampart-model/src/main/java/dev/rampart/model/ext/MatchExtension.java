package dev.rampart.model.ext;

import dev.rampart.model.Family;
import dev.rampart.model.match.Match;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A match module ({@code -m NAME}): the options it takes and how they become a typed {@link Match}.
 * {@link #build} validates values the way the iptables extension and the kernel's checkentry do, and
 * throws {@link ExtensionException} with a precise message when they are wrong.
 */
public interface MatchExtension {
    /** The module name as written after {@code -m}. */
    String name();

    /** Families the module exists for. */
    default Set<Family> families() {
        return EnumSet.allOf(Family.class);
    }

    /** The options this module accepts. */
    List<OptionSpec> options();

    /** Builds the match from its options; called once the whole rule has been read. */
    Match build(Options options, RuleContext context) throws ExtensionException;

    /** Reports warnings about a match {@link #build} accepted; most extensions have none. */
    default void warnings(Match built, Options options, ExtensionWarnings out) {
    }
}
