package dev.rampart.model.target;

import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.ext.TargetExtension;
import dev.rampart.model.write.SaveLine;
import java.util.List;

/**
 * {@code -j IDLETIMER --timeout SECONDS --label NAME [--alarm]}: restart timer {@code label} (exposed in
 * sysfs) on every packet; when it runs for {@code timeout} seconds without packets userspace is
 * notified. {@code alarm} uses an alarm timer that wakes the system. Continues.
 */
public record IdletimerTarget(long timeout, String label, boolean alarm) implements Target {

    /** Longest label, in bytes. */
    public static final int MAX_LABEL = 27;
    /** Largest timeout the kernel accepts, in seconds ({@code INT_MAX / 1000 - 1}). */
    public static final long MAX_TIMEOUT = Integer.MAX_VALUE / 1000 - 1;

    /** The extension that parses {@code -j IDLETIMER}. */
    public static final TargetExtension EXTENSION = new Extension();

    @Override
    public String name() {
        return "IDLETIMER";
    }

    @Override
    public void writeOptions(SaveLine out) {
        out.option("timeout", Long.toString(timeout));
        out.option("label", label);
        if (alarm) {
            out.option("alarm");
        }
    }

    private static final class Extension implements TargetExtension {
        private static final List<OptionSpec> OPTIONS = List.of(OptionSpec.arg("timeout"), OptionSpec.arg("label"),
                OptionSpec.flag("alarm"));

        @Override
        public String name() {
            return "IDLETIMER";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Target build(Options o, RuleContext ctx) throws ExtensionException {
            OptionUse t = TargetSupport.mandatory(o, "timeout", "add --timeout SECONDS");
            OptionUse l = TargetSupport.mandatory(o, "label", "add --label NAME");
            long timeout = TargetSupport.uint(t, 1, MAX_TIMEOUT);
            String label = l.arg();
            if (label.isEmpty() || label.length() > MAX_LABEL || label.chars().anyMatch(c -> c <= ' ' || c == '/')) {
                throw ExtensionException.badValue(l, "label must be 1 to " + MAX_LABEL
                        + " characters without spaces or '/'");
            }
            return new IdletimerTarget(timeout, label, o.has("alarm"));
        }
    }
}
