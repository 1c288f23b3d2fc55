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
 * {@code -j CONNSECMARK --save|--restore}: copy the packet's security mark to its connection
 * ({@code save}) or back ({@code restore}), then continue. Valid only in tables mangle and security.
 */
public record ConnsecmarkTarget(boolean save) implements Target {

    /** The extension that parses {@code -j CONNSECMARK}. */
    public static final TargetExtension EXTENSION = new Extension();

    @Override
    public String name() {
        return "CONNSECMARK";
    }

    @Override
    public void writeOptions(SaveLine out) {
        out.option(save ? "save" : "restore");
    }

    private static final class Extension implements TargetExtension {
        private static final List<OptionSpec> OPTIONS = List.of(OptionSpec.flag("save"), OptionSpec.flag("restore"));

        @Override
        public String name() {
            return "CONNSECMARK";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Target build(Options o, RuleContext ctx) throws ExtensionException {
            TargetSupport.atMostOne(o, "save", "restore");
            if (o.isEmpty()) {
                throw ExtensionException.constraint(null, "--save or --restore is required", "add --save or --restore");
            }
            TargetSupport.requireTable(ctx, "CONNSECMARK", TableName.MANGLE, TableName.SECURITY);
            return new ConnsecmarkTarget(o.has("save"));
        }
    }
}
