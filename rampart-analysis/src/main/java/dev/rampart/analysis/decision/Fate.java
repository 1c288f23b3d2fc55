package dev.rampart.analysis.decision;

import dev.rampart.model.target.Target;
import dev.rampart.model.write.SaveLine;

/**
 * How a deciding target is written in findings and diffs: its name and options as {@code iptables-save}
 * prints them after {@code -j}, e.g. {@code ACCEPT}, {@code REJECT --reject-with tcp-reset},
 * {@code DNAT --to-destination 198.18.0.2:80}.
 */
public final class Fate {
    private Fate() {
    }

    /** The target in words. */
    public static String of(Target target) {
        SaveLine options = new SaveLine();
        target.writeOptions(options);
        String o = options.toString().trim();
        return o.isEmpty() ? target.name() : target.name() + " " + o;
    }
}
