package dev.rampart.monitor.drift;

import dev.rampart.model.Family;
import java.util.Optional;

/**
 * The firewall state an administrator approved, as the texts that were applied: {@code iptables-save}
 * (or {@code iptables-restore}) text per family and {@code ipset save} text. Implementations: {@link
 * ApprovedFiles} (plain files or a directory); the apply history provides another.
 *
 * <p>Contract: an absent text means "nothing approved for this part", and that part is not compared
 * (the drift report says so); an approved but empty text means "no rules / no sets" and is compared.
 * Reading may fail with {@link java.io.UncheckedIOException}.
 */
public interface ApprovedState {

    /** A short identifier of this approved state shown in reports and alerts (history entry id, directory). */
    String id();

    /** The approved ruleset text of {@code family}, if one was approved. */
    Optional<SourceText> ruleset(Family family);

    /** The approved ipsets ({@code ipset save} text), if they were approved. */
    Optional<SourceText> ipsets();
}
