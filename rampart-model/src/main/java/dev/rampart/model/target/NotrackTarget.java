package dev.rampart.model.target;

import dev.rampart.model.TableName;
import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.ext.TargetExtension;
import dev.rampart.model.write.SaveLine;
import java.util.List;

/**
 * {@code -j NOTRACK}: exempt the packet from connection tracking (it becomes {@code UNTRACKED}) and
 * continue. The kernel implements it as {@code CT --notrack}; iptables-save prints the name it was given,
 * {@code NOTRACK}. Valid only in table raw.
 */
public record NotrackTarget() implements Target {

    /** The extension that parses {@code -j NOTRACK}. */
    public static final TargetExtension EXTENSION = new Extension();

    @Override
    public String name() {
        return "NOTRACK";
    }

    @Override
    public void writeOptions(SaveLine out) {
        // no options
    }

    private static final class Extension implements TargetExtension {
        @Override
        public String name() {
            return "NOTRACK";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of();
        }

        @Override
        public Target build(Options o, RuleContext ctx) throws ExtensionException {
            TargetSupport.requireTable(ctx, "NOTRACK", TableName.RAW);
            return new NotrackTarget();
        }
    }
}
