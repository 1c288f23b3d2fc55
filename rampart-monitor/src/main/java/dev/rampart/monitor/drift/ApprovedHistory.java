package dev.rampart.monitor.drift;

import dev.rampart.host.history.EntryStatus;
import dev.rampart.host.history.HistoryEntry;
import dev.rampart.host.history.HistoryStore;
import dev.rampart.host.history.RulesetState;
import dev.rampart.model.Family;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * The approved state kept by {@code rampart apply}: the firewall that the newest <em>approved</em>
 * entry of the history store put in force — an apply confirmed from a new connection, or a rollback.
 * Its state is the entry's {@code before/} with the parts it loaded ({@code after/}) in their place (an
 * IPv4-only apply leaves the IPv6 rules as they were). Applies that were rolled back or failed left the
 * approved state in place, and one waiting for confirmation is not approved yet, so both are passed
 * over. Call {@link #latest} at each check to follow new applies.
 */
public final class ApprovedHistory implements ApprovedState {
    private final String id;
    private final RulesetState state;
    private final String source;

    private ApprovedHistory(String id, RulesetState state, String source) {
        this.id = id;
        this.state = state;
        this.source = source;
    }

    /**
     * The state of the newest approved entry of {@code store}, or empty when no apply was ever approved.
     *
     * @throws UncheckedIOException when the store cannot be read
     */
    public static Optional<ApprovedState> latest(HistoryStore store) {
        try {
            List<HistoryEntry> entries = store.list();
            for (int i = entries.size() - 1; i >= 0; i--) {
                HistoryEntry e = entries.get(i);
                if (e.manifest().status() == EntryStatus.APPROVED) {
                    RulesetState state = store.state(e, HistoryStore.BEFORE).overlay(store.state(e, HistoryStore.AFTER));
                    String name = "history entry " + HistoryStore.name(e.id());
                    return Optional.of(new ApprovedHistory(name, state, e.dir().toString()));
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the history store " + store.dir() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Optional<SourceText> ruleset(Family family) {
        String file = family == Family.IPV4 ? RulesetState.RULES_V4 : RulesetState.RULES_V6;
        return text(file);
    }

    @Override
    public Optional<SourceText> ipsets() {
        return text(RulesetState.IPSETS);
    }

    private Optional<SourceText> text(String file) {
        String t = state.text(file);
        return t == null ? Optional.empty() : Optional.of(new SourceText(source + "/" + file, t));
    }
}
