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
import java.util.Locale;
import java.util.Set;

/**
 * {@code -m mh [!] --mh-type TYPE[:TYPE]} (IPv6): the Mobility Header type lies in {@code types}
 * (0..255, default all). Types are numbers or names ({@code binding-update}, {@code bu}, ...). Needs
 * {@code -p mobility-header}.
 */
public record MhMatch(UintRange types, boolean inverted) implements Match {

    /** The extension that parses {@code -m mh}. */
    public static final MatchExtension EXTENSION = new Extension();

    private static final String[][] NAMES = {
            {"binding-refresh-request", "0"}, {"brr", "0"}, {"home-test-init", "1"}, {"hoti", "1"},
            {"careof-test-init", "2"}, {"coti", "2"}, {"home-test", "3"}, {"hot", "3"}, {"careof-test", "4"},
            {"cot", "4"}, {"binding-update", "5"}, {"bu", "5"}, {"binding-acknowledgement", "6"}, {"ba", "6"},
            {"binding-error", "7"}, {"be", "7"}};

    @Override
    public String module() {
        return "mh";
    }

    @Override
    public void writeOptions(SaveLine out) {
        EspMatch.writeRange(out, "mh-type", types, 255, inverted);
    }

    /** A type name (exact, or a unique-enough prefix as ip6tables takes it) or number 0..255. */
    static long type(OptionUse u, String text) throws ExtensionException {
        String lower = text.toLowerCase(Locale.ROOT);
        int match = -1;
        for (int i = 0; i < NAMES.length && !lower.isEmpty(); i++) {
            if (NAMES[i][0].startsWith(lower) && (match < 0 || NAMES[i][0].length() == lower.length())) {
                match = i;
            }
        }
        if (match >= 0) {
            return Long.parseLong(NAMES[match][1]);
        }
        long v = Values.parseUnsigned(text);
        if (v < 0 || v > 255) {
            throw ExtensionException.badValue(u, "invalid Mobility Header type '" + text
                    + "'; expected 0 to 255 or a name such as binding-update");
        }
        return v;
    }

    private static final class Extension implements MatchExtension {
        private static final List<OptionSpec> OPTIONS = List.of(OptionSpec.arg("mh-type").inv());

        @Override
        public String name() {
            return "mh";
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
            OptionUse u = o.get("mh-type");
            UintRange r = new UintRange(0, 255);
            if (u != null) {
                String a = u.arg();
                int colon = a.indexOf(':');
                if (colon < 0) {
                    r = UintRange.of(type(u, a));
                } else {
                    long lo = colon == 0 ? 0 : type(u, a.substring(0, colon));
                    long hi = colon == a.length() - 1 ? 255 : type(u, a.substring(colon + 1));
                    if (lo > hi) {
                        throw ExtensionException.badValue(u, "invalid Mobility Header type range '" + a
                                + "': start is greater than end", "write the range as " + hi + ":" + lo);
                    }
                    r = new UintRange(lo, hi);
                }
            }
            TcpMatch.requireProtocol(u, ctx, Protocol.MH, "mh");
            return new MhMatch(r, u != null && u.inverted());
        }
    }
}
