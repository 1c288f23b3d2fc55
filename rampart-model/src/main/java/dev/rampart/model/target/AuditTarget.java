package dev.rampart.model.target;

import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.ext.TargetExtension;
import dev.rampart.model.write.SaveLine;
import java.util.List;
import java.util.Locale;

/**
 * {@code -j AUDIT --type accept|drop|reject}: write an audit record for the packet and continue; the
 * type only labels the record.
 */
public record AuditTarget(Type type) implements Target {

    /** The label of the audit record. */
    public enum Type {
        ACCEPT, DROP, REJECT
    }

    /** The extension that parses {@code -j AUDIT}. */
    public static final TargetExtension EXTENSION = new Extension();

    @Override
    public String name() {
        return "AUDIT";
    }

    @Override
    public void writeOptions(SaveLine out) {
        out.option("type", type.name().toLowerCase(Locale.ROOT));
    }

    private static final class Extension implements TargetExtension {
        private static final List<OptionSpec> OPTIONS = List.of(OptionSpec.arg("type"));

        @Override
        public String name() {
            return "AUDIT";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Target build(Options o, RuleContext ctx) throws ExtensionException {
            OptionUse u = TargetSupport.mandatory(o, "type", "add --type accept, drop or reject");
            for (Type t : Type.values()) {
                if (t.name().equalsIgnoreCase(u.arg())) {
                    return new AuditTarget(t);
                }
            }
            throw ExtensionException.badValue(u, "bad audit type '" + u.arg() + "'", "use accept, drop or reject");
        }
    }
}
