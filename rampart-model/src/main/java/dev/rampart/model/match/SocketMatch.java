package dev.rampart.model.match;

import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.MatchExtension;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.write.SaveLine;
import java.util.List;

/**
 * {@code -m socket}: a local socket exists for the packet. {@code transparent} requires it to be a
 * transparent (IP_TRANSPARENT) socket, {@code nowildcard} ignores sockets bound to a wildcard address,
 * {@code restoreSkmark} copies the socket mark to the packet. Only valid in PREROUTING and INPUT.
 */
public record SocketMatch(boolean transparent, boolean nowildcard, boolean restoreSkmark) implements Match {

    /** The extension that parses {@code -m socket}. */
    public static final MatchExtension EXTENSION = new Extension();

    @Override
    public String module() {
        return "socket";
    }

    @Override
    public void writeOptions(SaveLine out) {
        if (transparent) {
            out.option("transparent");
        }
        if (nowildcard) {
            out.option("nowildcard");
        }
        if (restoreSkmark) {
            out.option("restore-skmark");
        }
    }

    private static final class Extension implements MatchExtension {
        private static final List<OptionSpec> OPTIONS = List.of(
                OptionSpec.flag("transparent"),
                OptionSpec.flag("nowildcard"),
                OptionSpec.flag("restore-skmark"));

        @Override
        public String name() {
            return "socket";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Match build(Options o, RuleContext ctx) throws ExtensionException {
            if (!ctx.inChains(true, "PREROUTING", "INPUT")) {
                throw ExtensionException.constraint(MatchArgs.first(o), "match 'socket' is only valid in PREROUTING "
                        + "and INPUT, not " + ctx.chain(), "move the rule to PREROUTING or INPUT");
            }
            return new SocketMatch(o.has("transparent"), o.has("nowildcard"), o.has("restore-skmark"));
        }
    }
}
