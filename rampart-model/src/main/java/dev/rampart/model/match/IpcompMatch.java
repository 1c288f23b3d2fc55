package dev.rampart.model.match;

import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.MatchExtension;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.ext.UintRange;
import dev.rampart.model.net.Protocol;
import dev.rampart.model.write.SaveLine;
import java.util.List;

/**
 * {@code -m ipcomp}: the IPComp header's CPI ({@code --ipcompspi}, 0..2^32-1 range) and, with
 * {@code reservedZero}, a zero reserved field ({@code --compres}). Needs {@code -p ipcomp}.
 */
public record IpcompMatch(UintRange spi, boolean inverted, boolean reservedZero) implements Match {

    /** The extension that parses {@code -m ipcomp}. */
    public static final MatchExtension EXTENSION = new Extension();

    /** IP protocol number of IPComp. */
    public static final Protocol IPCOMP = new Protocol(108);

    @Override
    public String module() {
        return "ipcomp";
    }

    @Override
    public void writeOptions(SaveLine out) {
        EspMatch.writeRange(out, "ipcompspi", spi, EspMatch.MAX_SPI, inverted);
        if (reservedZero) {
            out.option("compres");
        }
    }

    private static final class Extension implements MatchExtension {
        private static final List<OptionSpec> OPTIONS = List.of(OptionSpec.arg("ipcompspi").inv(),
                OptionSpec.flag("compres"));

        @Override
        public String name() {
            return "ipcomp";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Match build(Options o, RuleContext ctx) throws ExtensionException {
            OptionUse u = o.get("ipcompspi");
            UintRange spi = u == null ? new UintRange(0, EspMatch.MAX_SPI) : UintRange.parse(u, u.arg(), EspMatch.MAX_SPI);
            TcpMatch.requireProtocol(EspMatch.first(o), ctx, IPCOMP, "ipcomp");
            return new IpcompMatch(spi, u != null && u.inverted(), o.has("compres"));
        }
    }
}
