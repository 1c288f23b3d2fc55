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
 * {@code -m physdev}: the bridge ports a bridged packet came in on / goes out of. {@code physIn} and
 * {@code physOut} are interface names (a trailing {@code +} is a prefix wildcard), null when not
 * tested; {@code isIn}/{@code isOut}/{@code isBridged} are tri-state tests. Each part has its own
 * inversion.
 */
public record PhysdevMatch(String physIn, boolean physInInverted, String physOut, boolean physOutInverted,
                           Flag isIn, Flag isOut, Flag isBridged) implements Match {

    /** The extension that parses {@code -m physdev}. */
    public static final MatchExtension EXTENSION = new Extension();

    /** Longest interface name the kernel accepts, in bytes (IFNAMSIZ - 1). */
    public static final int MAX_IFNAME = 15;

    /** A boolean test that may be absent, required true, or required false ({@code !}). */
    public enum Flag {
        ABSENT, YES, NO
    }

    @Override
    public String module() {
        return "physdev";
    }

    @Override
    public void writeOptions(SaveLine out) {
        if (isIn != Flag.ABSENT) {
            out.option(isIn == Flag.NO, "physdev-is-in");
        }
        if (physIn != null) {
            out.option(physInInverted, "physdev-in", physIn);
        }
        if (isOut != Flag.ABSENT) {
            out.option(isOut == Flag.NO, "physdev-is-out");
        }
        if (physOut != null) {
            out.option(physOutInverted, "physdev-out", physOut);
        }
        if (isBridged != Flag.ABSENT) {
            out.option(isBridged == Flag.NO, "physdev-is-bridged");
        }
    }

    static String interfaceName(OptionUse u) throws ExtensionException {
        String a = u.arg();
        if (a.isEmpty() || a.length() > MAX_IFNAME || a.indexOf(' ') >= 0 || a.indexOf('/') >= 0) {
            throw ExtensionException.badValue(u, "invalid interface name '" + a + "' for --" + u.name()
                    + (a.length() > MAX_IFNAME ? " (longer than " + MAX_IFNAME + " characters)" : ""));
        }
        return a;
    }

    private static final class Extension implements MatchExtension {
        private static final List<OptionSpec> OPTIONS = List.of(
                OptionSpec.arg("physdev-in").inv(),
                OptionSpec.arg("physdev-out").inv(),
                OptionSpec.flag("physdev-is-in").inv(),
                OptionSpec.flag("physdev-is-out").inv(),
                OptionSpec.flag("physdev-is-bridged").inv());

        @Override
        public String name() {
            return "physdev";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Match build(Options o, RuleContext ctx) throws ExtensionException {
            if (o.isEmpty()) {
                throw ExtensionException.constraint(null, "match 'physdev' needs at least one --physdev-* option",
                        "add e.g. '--physdev-is-bridged'");
            }
            String in = null;
            String out = null;
            boolean inInv = false;
            boolean outInv = false;
            Flag isIn = Flag.ABSENT;
            Flag isOut = Flag.ABSENT;
            Flag bridged = Flag.ABSENT;
            OptionUse outUse = null;
            for (OptionUse u : o.all()) {
                Flag f = u.inverted() ? Flag.NO : Flag.YES;
                switch (u.name()) {
                    case "physdev-in" -> {
                        in = interfaceName(u);
                        inInv = u.inverted();
                    }
                    case "physdev-out" -> {
                        out = interfaceName(u);
                        outInv = u.inverted();
                        outUse = outUse == null ? u : outUse;
                    }
                    case "physdev-is-in" -> isIn = f;
                    case "physdev-is-out" -> {
                        isOut = f;
                        outUse = outUse == null ? u : outUse;
                    }
                    default -> bridged = f;
                }
            }
            // xt_physdev: the output port of locally generated traffic is only known once bridged
            if (outUse != null && bridged != Flag.YES && ctx.builtinChain() && ctx.chain().equals("OUTPUT")) {
                throw ExtensionException.constraint(outUse, "--physdev-out and --physdev-is-out are not supported "
                        + "in OUTPUT for traffic that is not bridged", "add '--physdev-is-bridged', or use the "
                        + "FORWARD or POSTROUTING chain");
            }
            return new PhysdevMatch(in, inInv, out, outInv, isIn, isOut, bridged);
        }
    }
}
