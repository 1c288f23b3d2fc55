package dev.rampart.model.match;

import dev.rampart.model.diag.Suggest;
import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.MatchExtension;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.ext.Values;
import dev.rampart.model.write.SaveLine;
import java.util.List;
import java.util.Locale;

/**
 * {@code -m tos [!] --tos VALUE[/MASK]} (revision 1): {@code (tos & mask) == value}, where tos is the
 * IPv4 TOS byte or the IPv6 traffic class. A symbolic name ({@code Minimize-Delay}, ...) means that
 * value with mask {@code 0x3f}; a number without mask means mask {@code 0xff}.
 */
public record TosMatch(int value, int mask, boolean inverted) implements Match {

    /** The extension that parses {@code -m tos}. */
    public static final MatchExtension EXTENSION = new Extension();

    /** iptables' symbolic TOS names and their values (mask 0x3f). */
    static final List<String> NAMES = List.of("Minimize-Delay", "Maximize-Throughput", "Maximize-Reliability",
            "Minimize-Cost", "Normal-Service");
    private static final int[] NAME_VALUES = {0x10, 0x08, 0x04, 0x02, 0x00};

    @Override
    public String module() {
        return "tos";
    }

    @Override
    public void writeOptions(SaveLine out) {
        out.option(inverted, "tos", String.format("0x%02x/0x%02x", value, mask));
    }

    /**
     * Parses a TOS value as iptables' {@code XTTYPE_TOSMASK} does: {@code VALUE[/MASK]} (0..255 each,
     * mask {@code 0xff} by default) or a symbolic name, which gets {@code symbolMask}. Returns {value, mask}.
     */
    static int[] parseTos(OptionUse u, String text, int symbolMask) throws ExtensionException {
        if (!text.isEmpty() && Character.isDigit(text.charAt(0))) {
            int slash = text.indexOf('/');
            String v = slash < 0 ? text : text.substring(0, slash);
            long value = Values.parseUnsigned(v);
            long mask = slash < 0 ? 0xFF : Values.parseUnsigned(text.substring(slash + 1));
            if (value < 0 || value > 0xFF || mask < 0 || mask > 0xFF) {
                throw ExtensionException.badValue(u, "invalid TOS value '" + text + "'; expected VALUE[/MASK] with "
                        + "numbers from 0 to 255, or a name such as Minimize-Delay");
            }
            return new int[] {(int) value, (int) mask};
        }
        for (int i = 0; i < NAMES.size(); i++) {
            if (NAMES.get(i).toLowerCase(Locale.ROOT).equals(text.toLowerCase(Locale.ROOT))) {
                return new int[] {NAME_VALUES[i], symbolMask};
            }
        }
        throw ExtensionException.badValue(u, "unknown TOS name '" + text + "'; known names are "
                + String.join(", ", NAMES) + ", or give a number", Suggest.didYouMean(text, NAMES));
    }

    private static final class Extension implements MatchExtension {
        private static final List<OptionSpec> OPTIONS = List.of(OptionSpec.arg("tos").inv());

        @Override
        public String name() {
            return "tos";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Match build(Options o, RuleContext ctx) throws ExtensionException {
            OptionUse u = o.get("tos");
            if (u == null) {
                throw ExtensionException.constraint(null, "match 'tos' needs --tos VALUE[/MASK]",
                        "add e.g. '--tos Minimize-Delay' or '--tos 0x10/0x3f'");
            }
            int[] vm = parseTos(u, u.arg(), 0x3F);
            return new TosMatch(vm[0], vm[1], u.inverted());
        }
    }
}
