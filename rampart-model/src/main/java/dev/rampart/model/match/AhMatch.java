package dev.rampart.model.match;

import dev.rampart.model.Family;
import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.MatchExtension;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.ext.UintRange;
import dev.rampart.model.ext.Values;
import dev.rampart.model.net.Protocol;
import dev.rampart.model.write.SaveLine;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code -m ah}: the IPsec Authentication Header's SPI lies in {@code spi}. The IPv4 module needs
 * {@code -p ah} and knows only {@code --ahspi}; the IPv6 module finds the header in the extension
 * header chain (no {@code -p} needed) and also tests the header length ({@code length}, 0 = not
 * tested unless inverted) and that the reserved field is zero ({@code reservedZero}).
 */
public record AhMatch(UintRange spi, boolean spiInverted, long length, boolean lengthInverted, boolean reservedZero)
        implements Match {

    /** The IPv4 extension ({@code libipt_ah}). */
    public static final MatchExtension EXTENSION = new Extension(Family.IPV4);
    /** The IPv6 extension ({@code libip6t_ah}). */
    public static final MatchExtension EXTENSION6 = new Extension(Family.IPV6);

    @Override
    public String module() {
        return "ah";
    }

    @Override
    public void writeOptions(SaveLine out) {
        EspMatch.writeRange(out, "ahspi", spi, EspMatch.MAX_SPI, spiInverted);
        if (length != 0 || lengthInverted) {
            out.option(lengthInverted, "ahlen", Long.toString(length));
        }
        if (reservedZero) {
            out.option("ahres");
        }
    }

    private static final class Extension implements MatchExtension {
        private final Family family;
        private final List<OptionSpec> options;

        Extension(Family family) {
            this.family = family;
            this.options = family == Family.IPV4 ? List.of(OptionSpec.arg("ahspi").inv())
                    : List.of(OptionSpec.arg("ahspi").inv(), OptionSpec.arg("ahlen").inv(), OptionSpec.flag("ahres"));
        }

        @Override
        public String name() {
            return "ah";
        }

        @Override
        public Set<Family> families() {
            return EnumSet.of(family);
        }

        @Override
        public List<OptionSpec> options() {
            return options;
        }

        @Override
        public Match build(Options o, RuleContext ctx) throws ExtensionException {
            OptionUse u = o.get("ahspi");
            UintRange spi = u == null ? new UintRange(0, EspMatch.MAX_SPI) : UintRange.parse(u, u.arg(), EspMatch.MAX_SPI);
            OptionUse len = o.get("ahlen");
            long length = len == null ? 0 : Values.number(len, len.arg(), 0, 0xFFFFFFFFL);
            if (family == Family.IPV4) {
                TcpMatch.requireProtocol(EspMatch.first(o), ctx, Protocol.AH, "ah");
            }
            return new AhMatch(spi, u != null && u.inverted(), length, len != null && len.inverted(), o.has("ahres"));
        }
    }
}
