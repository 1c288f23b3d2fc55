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
 * {@code -m connbytes [!] --connbytes FROM[:TO] --connbytes-mode M --connbytes-dir D}: the connection's
 * packet count, byte count or average packet size ({@code mode}) in direction {@code dir} lies in
 * FROM..TO (unsigned 64-bit; TO = 2^64-1, i.e. -1L, when open), or outside it when {@code inverted}.
 */
public record ConnbytesMatch(long from, long to, boolean inverted, Mode mode, Dir dir) implements Match {

    /** The extension that parses {@code -m connbytes}. */
    public static final MatchExtension EXTENSION = new Extension();

    /** What is counted. */
    public enum Mode { PACKETS, BYTES, AVGPKT }

    /** Which direction(s) of the connection are counted. */
    public enum Dir { ORIGINAL, REPLY, BOTH }

    @Override
    public String module() {
        return "connbytes";
    }

    @Override
    public void writeOptions(SaveLine out) {
        String range = Long.toUnsignedString(from);
        if (to != 0 && to != -1L) {
            range += ":" + Long.toUnsignedString(to);
        }
        out.option(inverted, "connbytes", range);
        out.option("connbytes-mode", mode.name().toLowerCase(java.util.Locale.ROOT));
        out.option("connbytes-dir", dir.name().toLowerCase(java.util.Locale.ROOT));
    }

    private static final class Extension implements MatchExtension {
        private static final List<OptionSpec> OPTIONS = List.of(
                OptionSpec.arg("connbytes").inv(),
                OptionSpec.arg("connbytes-dir"),
                OptionSpec.arg("connbytes-mode"));

        @Override
        public String name() {
            return "connbytes";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Match build(Options o, RuleContext ctx) throws ExtensionException {
            OptionUse c = o.get("connbytes");
            OptionUse m = o.get("connbytes-mode");
            OptionUse d = o.get("connbytes-dir");
            if (c == null || m == null || d == null) {
                throw MatchArgs.required("connbytes", "--connbytes FROM[:TO], --connbytes-mode and --connbytes-dir");
            }
            String t = c.arg();
            int colon = t.indexOf(':');
            long from = colon == 0 || t.isEmpty() ? 0 : MatchArgs.u64(c, colon < 0 ? t : t.substring(0, colon));
            long to = colon < 0 || colon == t.length() - 1 ? -1L : MatchArgs.u64(c, t.substring(colon + 1));
            if (Long.compareUnsigned(from, to) > 0) {
                throw ExtensionException.badValue(c, "invalid range '" + t + "' for --connbytes: start is greater "
                        + "than end", "write it as " + Long.toUnsignedString(to) + ":" + Long.toUnsignedString(from));
            }
            Mode mode = switch (m.arg()) {
                case "packets" -> Mode.PACKETS;
                case "bytes" -> Mode.BYTES;
                case "avgpkt" -> Mode.AVGPKT;
                default -> throw ExtensionException.badValue(m, "unknown --connbytes-mode '" + m.arg() + "'",
                        "use packets, bytes or avgpkt");
            };
            Dir dir = switch (d.arg()) {
                case "original" -> Dir.ORIGINAL;
                case "reply" -> Dir.REPLY;
                case "both" -> Dir.BOTH;
                default -> throw ExtensionException.badValue(d, "unknown --connbytes-dir '" + d.arg() + "'",
                        "use original, reply or both");
            };
            return new ConnbytesMatch(from, to, c.inverted(), mode, dir);
        }
    }
}
