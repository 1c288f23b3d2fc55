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
 * {@code -j CHECKSUM --checksum-fill}: compute a missing (offloaded) layer-4 checksum in software and
 * continue. Valid only in table mangle.
 */
public record ChecksumTarget() implements Target {

    /** The extension that parses {@code -j CHECKSUM}. */
    public static final TargetExtension EXTENSION = new Extension();

    @Override
    public String name() {
        return "CHECKSUM";
    }

    @Override
    public void writeOptions(SaveLine out) {
        out.option("checksum-fill");
    }

    private static final class Extension implements TargetExtension {
        private static final List<OptionSpec> OPTIONS = List.of(OptionSpec.flag("checksum-fill"));

        @Override
        public String name() {
            return "CHECKSUM";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Target build(Options o, RuleContext ctx) throws ExtensionException {
            TargetSupport.mandatory(o, "checksum-fill", "add --checksum-fill");
            TargetSupport.requireTable(ctx, "CHECKSUM", TableName.MANGLE);
            return new ChecksumTarget();
        }
    }
}
