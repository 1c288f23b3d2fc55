package dev.rampart.model.match;

import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.MatchExtension;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.write.SaveLine;
import java.util.List;

/**
 * {@code -m nfacct --nfacct-name NAME}: always matches and adds the packet to accounting object
 * {@code name} (1 to {@value #MAX_NAME} characters; the object must exist in the kernel, which is
 * checked when the ruleset is applied, not here).
 */
public record NfacctMatch(String name) implements Match {

    /** Longest accounting object name ({@code NFACCT_NAME_MAX - 1}). */
    public static final int MAX_NAME = 31;

    /** The extension that parses {@code -m nfacct}. */
    public static final MatchExtension EXTENSION = new Extension();

    @Override
    public String module() {
        return "nfacct";
    }

    @Override
    public void writeOptions(SaveLine out) {
        // iptables prints " --nfacct-name " and then xtables_save_string's own leading space: two spaces
        out.option("nfacct-name").raw(" ").quoted(name);
    }

    private static final class Extension implements MatchExtension {
        private static final List<OptionSpec> OPTIONS = List.of(OptionSpec.arg("nfacct-name"));

        @Override
        public String name() {
            return "nfacct";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Match build(Options o, RuleContext ctx) throws ExtensionException {
            OptionUse u = o.get("nfacct-name");
            if (u == null) {
                throw MatchArgs.required("nfacct", "--nfacct-name NAME");
            }
            if (u.arg().isEmpty() || u.arg().length() > MAX_NAME) {
                throw ExtensionException.badValue(u, "accounting object name must be 1 to " + MAX_NAME + " characters");
            }
            return new NfacctMatch(u.arg());
        }
    }
}
