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
 * {@code -m helper [!] --helper NAME}: the connection (or its master, for related connections) is
 * handled by conntrack helper {@code name} (e.g. {@code ftp}, or {@code ftp-2121} for a port-specific
 * instance). At most {@value #MAX_NAME} characters.
 */
public record HelperMatch(String name, boolean inverted) implements Match {

    /** Longest helper name the kernel stores. */
    public static final int MAX_NAME = 29;

    /** The extension that parses {@code -m helper}. */
    public static final MatchExtension EXTENSION = new Extension();

    @Override
    public String module() {
        return "helper";
    }

    @Override
    public void writeOptions(SaveLine out) {
        out.optionQuoted(inverted, "helper", name);
    }

    private static final class Extension implements MatchExtension {
        private static final List<OptionSpec> OPTIONS = List.of(OptionSpec.arg("helper").inv());

        @Override
        public String name() {
            return "helper";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Match build(Options o, RuleContext ctx) throws ExtensionException {
            OptionUse u = o.get("helper");
            if (u == null) {
                throw MatchArgs.required("helper", "--helper NAME");
            }
            if (u.arg().length() > MAX_NAME) {
                throw ExtensionException.badValue(u, "helper name '" + u.arg() + "' is longer than " + MAX_NAME
                        + " characters");
            }
            return new HelperMatch(u.arg(), u.inverted());
        }
    }
}
