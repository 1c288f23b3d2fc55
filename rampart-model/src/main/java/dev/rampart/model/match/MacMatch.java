package dev.rampart.model.match;

import dev.rampart.model.diag.DiagnosticCode;
import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.ExtensionWarnings;
import dev.rampart.model.ext.MatchExtension;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.write.SaveLine;
import java.util.List;
import java.util.Locale;

/**
 * {@code -m mac [!] --mac-source XX:XX:XX:XX:XX:XX}: the Ethernet source address. {@code address} is
 * the 48-bit address, or -1 when the text is an anonymised placeholder (hex digits replaced by
 * {@code X}, as published dumps do); then {@code text} is kept verbatim and printed back unchanged, and
 * the match cannot be evaluated. Valid only where the kernel sees the Ethernet header (PREROUTING,
 * INPUT, FORWARD).
 */
public record MacMatch(long address, String text, boolean inverted) implements Match {

    /** The extension that parses {@code -m mac}. */
    public static final MatchExtension EXTENSION = new Extension();

    /** Whether the address is a placeholder rather than a real MAC address. */
    public boolean isAnonymised() {
        return address < 0;
    }

    @Override
    public String module() {
        return "mac";
    }

    @Override
    public void writeOptions(SaveLine out) {
        out.option(inverted, "mac-source", isAnonymised() ? text : format(address));
    }

    /** Lower-case colon-separated hex, as {@code xtables_print_mac}. */
    static String format(long address) {
        StringBuilder sb = new StringBuilder(17);
        for (int i = 5; i >= 0; i--) {
            sb.append(String.format(Locale.ROOT, "%02x", (address >>> (8 * i)) & 0xFF));
            if (i > 0) {
                sb.append(':');
            }
        }
        return sb.toString();
    }

    private static final class Extension implements MatchExtension {
        private static final List<OptionSpec> OPTIONS = List.of(OptionSpec.arg("mac-source").inv());

        @Override
        public String name() {
            return "mac";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public void warnings(Match built, Options o, ExtensionWarnings out) {
            if (built instanceof MacMatch mac && mac.isAnonymised()) {
                out.warn(DiagnosticCode.ANONYMISED_VALUE, o.get("mac-source"), true, "MAC address '" + mac.text()
                        + "' is anonymised; kept verbatim, but iptables would reject it", "put the real MAC address here");
            }
        }

        @Override
        public Match build(Options o, RuleContext ctx) throws ExtensionException {
            OptionUse u = o.get("mac-source");
            if (u == null) {
                throw MatchArgs.required("mac", "--mac-source ADDRESS");
            }
            String t = u.arg();
            String[] parts = t.split(":", -1);
            boolean shape = parts.length == 6;
            boolean anonymised = false;
            long addr = 0;
            for (int i = 0; shape && i < 6; i++) {
                String p = parts[i];
                if (p.length() != 2) {
                    shape = false;
                    break;
                }
                for (int k = 0; k < 2; k++) {
                    char c = p.charAt(k);
                    if (c == 'X' || c == 'x') {
                        anonymised = true;
                    } else if (Character.digit(c, 16) < 0) {
                        shape = false;
                    }
                }
                if (shape && !anonymised) {
                    addr = (addr << 8) | Integer.parseInt(p, 16);
                }
            }
            if (!shape) {
                throw ExtensionException.badValue(u, "invalid MAC address '" + t + "'",
                        "write six two-digit hex bytes separated by ':', e.g. 42:01:02:03:04:05");
            }
            if (!ctx.inChains(true, "PREROUTING", "INPUT", "FORWARD")) {
                throw ExtensionException.constraint(u, "match 'mac' is only valid in PREROUTING, INPUT and FORWARD: "
                        + "in " + ctx.chain() + " the packet has no Ethernet source address yet", null);
            }
            return new MacMatch(anonymised ? -1 : addr, t, u.inverted());
        }
    }
}
