package dev.rampart.model.match;

import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.MatchExtension;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.write.SaveLine;
import java.util.List;
import java.util.Set;

/**
 * {@code -m state [!] --state STATES}: the packet's conntrack state is one of {@code states}
 * (or none of them when {@code inverted}). Never empty.
 */
public record StateMatch(Set<CtState> states, boolean inverted) implements Match {

    /** The extension that parses {@code -m state}. */
    public static final MatchExtension EXTENSION = new Extension();

    public StateMatch {
        states = Set.copyOf(states);
        if (states.isEmpty() || states.contains(CtState.SNAT) || states.contains(CtState.DNAT)) {
            throw new IllegalArgumentException("state needs INVALID..UNTRACKED states");
        }
    }

    @Override
    public String module() {
        return "state";
    }

    @Override
    public void writeOptions(SaveLine out) {
        out.option(inverted, "state", CtState.format(states));
    }

    private static final class Extension implements MatchExtension {
        private static final List<OptionSpec> OPTIONS = List.of(OptionSpec.arg("state").inv());

        @Override
        public String name() {
            return "state";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Match build(Options o, RuleContext ctx) throws ExtensionException {
            OptionUse u = o.get("state");
            if (u == null) {
                throw MatchArgs.required("state", "--state STATES");
            }
            return new StateMatch(CtState.parseList(u, u.arg(), false), u.inverted());
        }
    }
}
