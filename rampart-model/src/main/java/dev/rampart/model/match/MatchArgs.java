package dev.rampart.model.match;

import dev.rampart.model.Family;
import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.ext.Values;
import dev.rampart.model.net.HostMask;
import dev.rampart.model.net.Protocol;

/** Small parsing helpers shared by the connection-state and rate matches (group A). */
final class MatchArgs {
    static final long U32_MAX = 0xFFFFFFFFL;

    private MatchArgs() {
    }

    /** The first option written, or null when none (used to point diagnostics at the match). */
    static OptionUse first(Options o) {
        return o.all().isEmpty() ? null : o.all().get(0);
    }

    /** "match 'M' needs OPTION" for a missing mandatory option. */
    static ExtensionException required(String module, String what) {
        return ExtensionException.constraint(null, "match '" + module + "' needs " + what,
                "add " + what + " after '-m " + module + "'");
    }

    /** An unsigned 32-bit number in strtoul base-0 syntax. */
    static long u32(OptionUse u, String text) throws ExtensionException {
        return Values.number(u, text, 0, U32_MAX);
    }

    /** An unsigned 64-bit number in decimal/hex/octal, as a signed long holding the bit pattern. */
    static long u64(OptionUse u, String text) throws ExtensionException {
        try {
            String t = text;
            int radix = 10;
            if (t.length() > 1 && t.charAt(0) == '0' && (t.charAt(1) == 'x' || t.charAt(1) == 'X')) {
                radix = 16;
                t = t.substring(2);
            } else if (t.length() > 1 && t.charAt(0) == '0') {
                radix = 8;
                t = t.substring(1);
            }
            if (t.isEmpty() || t.charAt(0) == '+' || t.charAt(0) == '-') {
                throw new NumberFormatException();
            }
            return Long.parseUnsignedLong(t, radix);
        } catch (NumberFormatException e) {
            throw ExtensionException.badValue(u, "invalid value '" + text + "' for --" + u.name()
                    + "; expected a number from 0 to 18446744073709551615");
        }
    }

    /** A numeric address with optional mask for the rule's family. */
    static HostMask hostMask(OptionUse u, String text, Family family) throws ExtensionException {
        HostMask h = HostMask.parse(family, text);
        if (h == null) {
            throw ExtensionException.badValue(u, "invalid " + (family == Family.IPV4 ? "IPv4" : "IPv6")
                    + " address '" + text + "' for --" + u.name(), "write a numeric address, optionally with /MASK");
        }
        return h;
    }

    /** A protocol name or number as {@code xtables_parse_protocol} takes it. */
    static int protocol(OptionUse u, String text) throws ExtensionException {
        Protocol p = Protocol.parse(text);
        if (p == null) {
            throw ExtensionException.badValue(u, "unknown protocol '" + text + "' for --" + u.name(),
                    "use a protocol name such as tcp or a number 0-255");
        }
        return p.number();
    }

    /** Whether the chain is one where the kernel lets {@code hooks} run; user chains are accepted. */
    static boolean chainIn(RuleContext ctx, String... hooks) {
        return ctx.inChains(true, hooks);
    }
}
