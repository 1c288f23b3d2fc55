package dev.rampart.model.match;

import dev.rampart.model.Family;
import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.MatchExtension;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.ext.Values;
import dev.rampart.model.write.SaveLine;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code -m dst} (IPv6): the Destination Options header is present, optionally with header length {@code length}
 * (in 8-byte units not counting the first; null when not tested) and containing the options
 * {@code options} (null when not tested).
 */
public record DstMatch(Long length, boolean lengthInverted, ExtHeaderOptions options) implements Match {

    /** The extension that parses {@code -m dst}. */
    public static final MatchExtension EXTENSION = new Extension();

    @Override
    public String module() {
        return "dst";
    }

    @Override
    public void writeOptions(SaveLine out) {
        if (length != null) {
            out.option(lengthInverted, "dst-len", Long.toString(length));
        }
        if (options != null) {
            out.option("dst-opts", options.toString());
        }
    }

    private static final class Extension implements MatchExtension {
        private static final List<OptionSpec> OPTIONS = List.of(
                OptionSpec.arg("dst-len").inv(),
                OptionSpec.arg("dst-opts"));

        @Override
        public String name() {
            return "dst";
        }

        @Override
        public Set<Family> families() {
            return EnumSet.of(Family.IPV6);
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Match build(Options o, RuleContext ctx) throws ExtensionException {
            OptionUse l = o.get("dst-len");
            OptionUse p = o.get("dst-opts");
            return new DstMatch(l == null ? null : Values.number(l, l.arg(), 0, 0xFFFFFFFFL), l != null && l.inverted(),
                    p == null ? null : ExtHeaderOptions.parse(p));
        }
    }
}
