package dev.rampart.model.ext;

import dev.rampart.model.Family;
import dev.rampart.model.target.Target;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A target extension ({@code -j NAME}): its options and how they become a typed {@link Target}.
 * {@link #build} validates as the iptables extension and the kernel's checkentry do, including
 * table/chain restrictions (e.g. DNAT only in nat PREROUTING/OUTPUT).
 */
public interface TargetExtension {
    /** The target name as written after {@code -j}. */
    String name();

    /** Families the target exists for. */
    default Set<Family> families() {
        return EnumSet.allOf(Family.class);
    }

    /** The options this target accepts. */
    List<OptionSpec> options();

    /** Builds the target from its options; called after the rule's matches are built. */
    Target build(Options options, RuleContext context) throws ExtensionException;
}
