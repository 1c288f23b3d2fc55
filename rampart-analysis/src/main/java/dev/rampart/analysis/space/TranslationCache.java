package dev.rampart.analysis.space;

import dev.rampart.model.RuleHeader;
import dev.rampart.model.match.Match;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link PacketSets#of(RuleHeader, List, PacketSpace)} remembered by the rule's header and matches, for
 * one packet space: an analysis that unfolds the same rules more than once (a user chain reached from
 * PREROUTING and OUTPUT, or both sides of a diff, which share most rules) translates each only once.
 * Not thread-safe; use one per analysis.
 */
public final class TranslationCache {
    private final PacketSpace space;
    private final Map<Key, Translation> byRule = new HashMap<>();

    private record Key(RuleHeader header, List<Match> matches) {
    }

    /** An empty cache for translations into {@code space}. */
    public TranslationCache(PacketSpace space) {
        this.space = space;
    }

    /** The space the translations are in. */
    public PacketSpace space() {
        return space;
    }

    /** The packets {@code header} and {@code matches} select together. */
    public Translation of(RuleHeader header, List<Match> matches) {
        return byRule.computeIfAbsent(new Key(header, matches), k -> PacketSets.of(k.header(), k.matches(), space));
    }
}
