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
 * {@code -m esp [!] --espspi MIN[:MAX]}: the ESP header's SPI lies in {@code spi} (default every SPI,
 * 0..2^32-1). Needs {@code -p esp}.
 */
public record EspMatch(UintRange spi, boolean inverted) implements Match {

    /** The extension that parses {@code -m esp}. */
    public static final MatchExtension EXTENSION = new Extension();

    /** Largest SPI. */
    public static final long MAX_SPI = 0xFFFFFFFFL;

    @Override
    public String module() {
        return "esp";
    }

    @Override
    public void writeOptions(SaveLine out) {
        writeRange(out, "espspi", spi, MAX_SPI, inverted);
    }

    /** Prints {@code [!] --name range} unless the range is everything and not inverted. */
    static void writeRange(SaveLine out, String name, UintRange r, long max, boolean inv) {
        if (!r.isAll(max) || inv) {
            out.option(inv, name, r.toString());
        }
    }

    /** The first option use, or null: where protocol errors point. */
    static OptionUse first(Options o) {
        return o.all().isEmpty() ? null : o.all().get(0);
    }

    private static final class Extension implements MatchExtension {
        private static final List<OptionSpec> OPTIONS = List.of(OptionSpec.arg("espspi").inv());

        @Override
        public String name() {
            return "esp";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Match build(Options o, RuleContext ctx) throws ExtensionException {
            OptionUse u = o.get("espspi");
            UintRange spi = u == null ? new UintRange(0, MAX_SPI) : UintRange.parse(u, u.arg(), MAX_SPI);
            TcpMatch.requireProtocol(first(o), ctx, Protocol.ESP, "esp");
            return new EspMatch(spi, u != null && u.inverted());
        }
    }
}
