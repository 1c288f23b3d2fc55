package dev.rampart.model.match;

import dev.rampart.model.Family;
import dev.rampart.model.diag.DiagnosticCode;
import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.MatchExtension;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.ext.UintRange;
import dev.rampart.model.ext.Values;
import dev.rampart.model.write.SaveLine;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code -m frag} (IPv6): the Fragment header is present and its identification lies in {@code ids}
 * (default all), plus optional tests: header length ({@code length}, null when not given; the kernel
 * ignores it), reserved fields zero ({@code reserved}), first fragment ({@code first}), more fragments
 * follow ({@code more}) or last fragment ({@code last}).
 */
public record FragMatch(UintRange ids, boolean idsInverted, Long length, boolean lengthInverted, boolean reserved,
                        boolean first, boolean more, boolean last) implements Match {

    /** The extension that parses {@code -m frag}. */
    public static final MatchExtension EXTENSION = new Extension();

    @Override
    public String module() {
        return "frag";
    }

    @Override
    public void writeOptions(SaveLine out) {
        EspMatch.writeRange(out, "fragid", ids, EspMatch.MAX_SPI, idsInverted);
        if (length != null) {
            out.option(lengthInverted, "fraglen", Long.toString(length));
        }
        if (reserved) {
            out.option("fragres");
        }
        if (first) {
            out.option("fragfirst");
        }
        if (more) {
            out.option("fragmore");
        }
        if (last) {
            out.option("fraglast");
        }
    }

    private static final class Extension implements MatchExtension {
        private static final List<OptionSpec> OPTIONS = List.of(
                OptionSpec.arg("fragid").inv(),
                OptionSpec.arg("fraglen").inv(),
                OptionSpec.flag("fragres"),
                OptionSpec.flag("fragfirst"),
                OptionSpec.flag("fragmore"),
                OptionSpec.flag("fraglast"));

        @Override
        public String name() {
            return "frag";
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
            OptionUse id = o.get("fragid");
            OptionUse len = o.get("fraglen");
            if (o.has("fragmore") && o.has("fraglast")) {
                OptionUse later = o.indexOf("fragmore") > o.indexOf("fraglast") ? o.get("fragmore") : o.get("fraglast");
                throw new ExtensionException(DiagnosticCode.DUPLICATE_OPTION, "--fragmore and --fraglast "
                        + "contradict each other", later, false, "keep one of them");
            }
            UintRange ids = id == null ? new UintRange(0, EspMatch.MAX_SPI) : UintRange.parse(id, id.arg(), EspMatch.MAX_SPI);
            Long length = len == null ? null : Values.number(len, len.arg(), 0, 0xFFFFFFFFL);
            return new FragMatch(ids, id != null && id.inverted(), length, len != null && len.inverted(),
                    o.has("fragres"), o.has("fragfirst"), o.has("fragmore"), o.has("fraglast"));
        }
    }
}
