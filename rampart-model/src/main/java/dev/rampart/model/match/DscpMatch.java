package dev.rampart.model.match;

import dev.rampart.model.diag.DiagnosticCode;
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
 * {@code -m dscp [!] --dscp N} or {@code [!] --dscp-class CLASS}: the 6-bit DSCP field (0..63) of the
 * IPv4 TOS byte or IPv6 traffic class equals {@code dscp}. A class name is stored as its value and
 * printed as {@code --dscp 0xNN}, as iptables-save does.
 */
public record DscpMatch(int dscp, boolean inverted) implements Match {

    /** The extension that parses {@code -m dscp}. */
    public static final MatchExtension EXTENSION = new Extension();

    /** The DiffServ class names iptables knows, with their DSCP values. */
    static final List<String> CLASSES = List.of("CS0", "CS1", "CS2", "CS3", "CS4", "CS5", "CS6", "CS7", "BE",
            "AF11", "AF12", "AF13", "AF21", "AF22", "AF23", "AF31", "AF32", "AF33", "AF41", "AF42", "AF43", "EF");
    private static final int[] CLASS_VALUES = {0x00, 0x08, 0x10, 0x18, 0x20, 0x28, 0x30, 0x38, 0x00,
            0x0a, 0x0c, 0x0e, 0x12, 0x14, 0x16, 0x1a, 0x1c, 0x1e, 0x22, 0x24, 0x26, 0x2e};

    @Override
    public String module() {
        return "dscp";
    }

    @Override
    public void writeOptions(SaveLine out) {
        out.option(inverted, "dscp", String.format("0x%02x", dscp));
    }

    /** The value of DiffServ class {@code name} (case-insensitive), or -1. */
    static int classValue(String name) {
        // iptables compares only the length of each known class name (strncasecmp); keep that leniency
        String upper = name.toUpperCase(Locale.ROOT);
        for (int i = 0; i < CLASSES.size(); i++) {
            if (upper.startsWith(CLASSES.get(i))) {
                return CLASS_VALUES[i];
            }
        }
        return -1;
    }

    private static final class Extension implements MatchExtension {
        private static final List<OptionSpec> OPTIONS = List.of(
                OptionSpec.arg("dscp").inv(),
                OptionSpec.arg("dscp-class").inv());

        @Override
        public String name() {
            return "dscp";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Match build(Options o, RuleContext ctx) throws ExtensionException {
            if (o.all().isEmpty()) {
                throw ExtensionException.constraint(null, "match 'dscp' needs --dscp N or --dscp-class CLASS",
                        "add e.g. '--dscp-class EF'");
            }
            if (o.all().size() > 1) {
                throw new ExtensionException(DiagnosticCode.DUPLICATE_OPTION,
                        "--dscp and --dscp-class cannot be given together", o.all().get(1), false, "keep one of them");
            }
            OptionUse u = o.all().get(0);
            if (u.name().equals("dscp")) {
                return new DscpMatch((int) Values.number(u, u.arg(), 0, 0x3F), u.inverted());
            }
            int v = classValue(u.arg());
            if (v < 0) {
                throw ExtensionException.badValue(u, "unknown DSCP class '" + u.arg() + "'",
                        Suggest.didYouMean(u.arg().toUpperCase(Locale.ROOT), CLASSES));
            }
            return new DscpMatch(v, u.inverted());
        }
    }
}
