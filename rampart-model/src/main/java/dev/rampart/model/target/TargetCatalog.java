package dev.rampart.model.target;

import dev.rampart.model.ext.TargetExtension;
import java.util.List;

/** Every target extension Rampart knows (standard verdicts and chain jumps are not extensions). */
public final class TargetCatalog {
    private TargetCatalog() {
    }

    /** All target extensions, in no particular order. */
    public static List<TargetExtension> all() {
        return List.of(
                // --- core
                RejectTarget.EXTENSION,
                LogTarget.EXTENSION
                // --- group T: target extensions (helper T)
                // --- end group T
        );
    }
}
