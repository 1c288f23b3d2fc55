package dev.rampart.model.target;

import dev.rampart.model.TableName;
import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.ext.TargetExtension;
import dev.rampart.model.write.SaveLine;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code -j SECMARK --selctx CONTEXT}: label the packet with the security (SELinux) context
 * {@code selctx} and continue. The kernel rejects contexts the loaded policy does not know; Rampart
 * cannot check that. Valid only in tables mangle and security.
 */
public record SecmarkTarget(String selctx) implements Target {

    /** Longest security context, in bytes. */
    public static final int MAX_CONTEXT = 255;

    /** The extension that parses {@code -j SECMARK}. */
    public static final TargetExtension EXTENSION = new Extension();

    @Override
    public String name() {
        return "SECMARK";
    }

    @Override
    public void writeOptions(SaveLine out) {
        out.option("selctx", selctx);
    }

    private static final class Extension implements TargetExtension {
        private static final List<OptionSpec> OPTIONS = List.of(OptionSpec.arg("selctx"));

        @Override
        public String name() {
            return "SECMARK";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Target build(Options o, RuleContext ctx) throws ExtensionException {
            OptionUse u = TargetSupport.mandatory(o, "selctx", "add --selctx USER:ROLE:TYPE:LEVEL");
            String c = u.arg();
            if (c.isEmpty() || c.getBytes(StandardCharsets.UTF_8).length > MAX_CONTEXT
                    || c.chars().anyMatch(Character::isWhitespace)) {
                throw ExtensionException.badValue(u, "security context must be 1 to " + MAX_CONTEXT
                        + " bytes without spaces");
            }
            TargetSupport.requireTable(ctx, "SECMARK", TableName.MANGLE, TableName.SECURITY);
            return new SecmarkTarget(c);
        }
    }
}
