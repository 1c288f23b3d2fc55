package dev.rampart.model.target;

import dev.rampart.model.TableName;
import dev.rampart.model.diag.DiagnosticCode;
import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.ext.Values;
import dev.rampart.model.net.Protocol;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks the target extensions share: the kernel's table, hook and protocol restrictions
 * ({@code xt_check_target}), mutually exclusive and mandatory options, and numbers parsed the way
 * {@code xtables_strtoul} does. Messages name the problem and the fix; the rule parser prefixes them
 * with {@code target 'NAME': }.
 */
final class TargetSupport {
    /** All ones in 32 bits. */
    static final long U32 = 0xFFFFFFFFL;

    private TargetSupport() {
    }

    /** Requires the rule to be in one of {@code tables}, as the kernel's {@code .table} restriction does. */
    static void requireTable(RuleContext ctx, String target, TableName... tables) throws ExtensionException {
        for (TableName t : tables) {
            if (ctx.table() == t) {
                return;
            }
        }
        List<String> names = new ArrayList<>();
        for (TableName t : tables) {
            names.add("'" + t.id() + "'");
        }
        String where = String.join(" or ", names);
        throw ExtensionException.constraint(null, "-j " + target + " is only valid in table " + where
                        + ", not in '" + ctx.table().id() + "'",
                "add the rule to table " + where + " (-t " + tables[0].id() + ")");
    }

    /**
     * Requires a built-in chain among {@code chains} (the kernel's hook mask); a user chain passes, since
     * the kernel checks it against the chains that jump to it.
     */
    static void requireChains(RuleContext ctx, String target, String... chains) throws ExtensionException {
        if (ctx.inChains(true, chains)) {
            return;
        }
        String list = chains.length == 1 ? chains[0]
                : String.join(", ", List.of(chains).subList(0, chains.length - 1)) + " and " + chains[chains.length - 1];
        throw ExtensionException.constraint(null, "-j " + target + " is only valid in chain"
                        + (chains.length == 1 ? " " : "s ") + list + " (or user chains called only from them), not in "
                        + ctx.chain(),
                "move the rule to " + (chains.length == 1 ? chains[0] : "one of " + list));
    }

    /**
     * Requires {@code -p P} (not inverted) for one of {@code protocols}, as a kernel target with a fixed
     * {@code .proto} or a protocol check does.
     */
    static void requireProtocol(RuleContext ctx, OptionUse at, String target, Protocol... protocols)
            throws ExtensionException {
        for (Protocol p : protocols) {
            if (ctx.hasProtocol(p)) {
                return;
            }
        }
        List<String> names = new ArrayList<>();
        for (Protocol p : protocols) {
            names.add("-p " + p.saveName());
        }
        String list = String.join("' or '", names);
        throw ExtensionException.constraint(at, "-j " + target + " needs '" + list + "' (without '!') in the rule",
                "add '" + names.get(0) + "' to the rule");
    }

    /** Rejects a rule that gives more than one of {@code names}. */
    static void atMostOne(Options o, String... names) throws ExtensionException {
        OptionUse first = null;
        for (OptionUse u : o.all()) {
            for (String n : names) {
                if (u.name().equals(n)) {
                    if (first != null) {
                        throw new ExtensionException(DiagnosticCode.DUPLICATE_OPTION, "--" + first.name() + " and --"
                                + u.name() + " cannot be combined", u, false, "give only one of them");
                    }
                    first = u;
                }
            }
        }
    }

    /** Requires option {@code name}. */
    static OptionUse mandatory(Options o, String name, String what) throws ExtensionException {
        OptionUse u = o.get(name);
        if (u == null) {
            throw ExtensionException.constraint(null, "--" + name + " is required", what);
        }
        return u;
    }

    /** The option's argument as an unsigned number in min..max ({@code xtables_strtoul}, base 0). */
    static long uint(OptionUse u, long min, long max) throws ExtensionException {
        return Values.number(u, u.arg(), min, max);
    }

    /**
     * Reads an unsigned number at the start of {@code s} as {@code strtoul(s, &end, 0)} does. Returns
     * {@code {value, end}} or null when no digits are there, the text starts with '-', or the number
     * overflows.
     */
    static long[] scanNumber(String s, int from) {
        int i = from;
        if (i >= s.length() || s.charAt(i) == '-' || s.charAt(i) == '+') {
            return null;
        }
        int radix = 10;
        if (s.charAt(i) == '0' && i + 1 < s.length() && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')
                && i + 2 < s.length() && Character.digit(s.charAt(i + 2), 16) >= 0) {
            radix = 16;
            i += 2;
        } else if (s.charAt(i) == '0') {
            radix = 8;
        }
        int start = i;
        long v = 0;
        while (i < s.length() && Character.digit(s.charAt(i), radix) >= 0) {
            int d = Character.digit(s.charAt(i), radix);
            if (v > (Long.MAX_VALUE - d) / radix) {
                return null;
            }
            v = v * radix + d;
            i++;
        }
        if (i == start) {
            return null;
        }
        return new long[] {v, i};
    }

    /** {@code 0x} and {@code digits} lower-case hex digits, zero-padded. */
    static String hex(long v, int digits) {
        String h = Long.toHexString(v);
        StringBuilder sb = new StringBuilder(digits + 2).append("0x");
        for (int i = h.length(); i < digits; i++) {
            sb.append('0');
        }
        return sb.append(h).toString();
    }
}
