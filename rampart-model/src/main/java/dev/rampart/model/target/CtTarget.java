package dev.rampart.model.target;

import dev.rampart.model.TableName;
import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.ext.TargetExtension;
import dev.rampart.model.write.SaveLine;
import java.util.List;

/**
 * {@code -j CT} (kernel {@code xt_CT} revision 2): set up the conntrack entry of the packet before it is
 * tracked, then continue. {@code notrack} disables tracking; {@code helper} ("" for none) assigns a
 * conntrack helper, {@code timeout} ("" for none) a timeout policy; {@code ctEvents}/{@code expEvents}
 * are bit sets over {@link #CT_EVENTS}/{@link #EXP_EVENTS} (0 = all events); {@code zone} 0..65535 is
 * the conntrack zone, taken from the packet mark when {@code zoneFromMark}, applied to the directions in
 * {@code zoneDirection}. Valid only in table raw.
 */
public record CtTarget(boolean notrack, String helper, String timeout, int ctEvents, int expEvents, int zone,
                       boolean zoneFromMark, ZoneDirection zoneDirection) implements Target {

    /** Which direction a conntrack zone applies to. */
    public enum ZoneDirection {
        /** {@code --zone}: both directions. */
        BOTH,
        /** {@code --zone-orig}. */
        ORIGINAL,
        /** {@code --zone-reply}. */
        REPLY
    }

    /** Conntrack event names in kernel bit order ({@code IPCT_NEW} is bit 0). */
    public static final List<String> CT_EVENTS = List.of("new", "related", "destroy", "reply", "assured",
            "protoinfo", "helper", "mark", "natseqinfo", "secmark");
    /** Expectation event names in kernel bit order. */
    public static final List<String> EXP_EVENTS = List.of("new");

    /** Longest helper name, in bytes. */
    public static final int MAX_HELPER = 15;
    /** Longest timeout policy name, in bytes. */
    public static final int MAX_TIMEOUT = 31;

    /** The extension that parses {@code -j CT}. */
    public static final TargetExtension EXTENSION = new Extension();

    @Override
    public String name() {
        return "CT";
    }

    @Override
    public void writeOptions(SaveLine out) {
        if (notrack) {
            out.option("notrack");
        }
        if (!helper.isEmpty()) {
            out.option("helper", helper);
        }
        if (!timeout.isEmpty()) {
            out.option("timeout", timeout);
        }
        if (ctEvents != 0) {
            out.option("ctevents", events(CT_EVENTS, ctEvents));
        }
        if (expEvents != 0) {
            out.option("expevents", events(EXP_EVENTS, expEvents));
        }
        if (zoneFromMark || zone != 0) {
            String opt = switch (zoneDirection) {
                case BOTH -> "zone";
                case ORIGINAL -> "zone-orig";
                case REPLY -> "zone-reply";
            };
            out.option(opt, zoneFromMark ? "mark" : Integer.toString(zone));
        }
    }

    private static String events(List<String> names, int bits) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            if ((bits & (1 << i)) != 0) {
                sb.append(sb.length() == 0 ? "" : ",").append(names.get(i));
            }
        }
        return sb.toString();
    }

    private static final class Extension implements TargetExtension {
        private static final List<OptionSpec> OPTIONS = List.of(OptionSpec.flag("notrack"), OptionSpec.arg("helper"),
                OptionSpec.arg("timeout"), OptionSpec.arg("ctevents"), OptionSpec.arg("expevents"),
                OptionSpec.arg("zone-orig"), OptionSpec.arg("zone-reply"), OptionSpec.arg("zone"));

        @Override
        public String name() {
            return "CT";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Target build(Options o, RuleContext ctx) throws ExtensionException {
            String helper = "";
            String timeout = "";
            int ct = 0;
            int exp = 0;
            int zone = 0;
            boolean mark = false;
            boolean orig = false;
            boolean reply = false;
            for (OptionUse u : o.all()) {
                switch (u.name()) {
                    case "notrack" -> {
                        // flag read below
                    }
                    case "helper" -> helper = name(u, MAX_HELPER, "helper");
                    case "timeout" -> timeout = name(u, MAX_TIMEOUT, "timeout policy");
                    case "ctevents" -> ct = parseEvents(u, CT_EVENTS);
                    case "expevents" -> exp = parseEvents(u, EXP_EVENTS);
                    case "zone", "zone-orig", "zone-reply" -> {
                        orig |= u.name().equals("zone-orig");
                        reply |= u.name().equals("zone-reply");
                        if (u.arg().equalsIgnoreCase("mark")) {
                            mark = true;
                            zone = 0;
                        } else {
                            zone = (int) TargetSupport.uint(u, 0, 65535);
                        }
                    }
                    default -> throw new IllegalStateException(u.name());
                }
            }
            TargetSupport.requireTable(ctx, "CT", TableName.RAW);
            ZoneDirection dir = orig == reply ? ZoneDirection.BOTH : orig ? ZoneDirection.ORIGINAL : ZoneDirection.REPLY;
            return new CtTarget(o.has("notrack"), helper, timeout, ct, exp, zone, mark, dir);
        }

        private static String name(OptionUse u, int max, String what) throws ExtensionException {
            String s = u.arg();
            if (s.isEmpty()) {
                throw ExtensionException.badValue(u, "the " + what + " name must not be empty");
            }
            if (s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > max) {
                throw ExtensionException.badValue(u, "the " + what + " name is longer than " + max + " bytes");
            }
            return s;
        }

        private static int parseEvents(OptionUse u, List<String> names) throws ExtensionException {
            int bits = 0;
            for (String e : u.arg().split(",", -1)) {
                int i = names.indexOf(e);
                if (i < 0) {
                    throw ExtensionException.badValue(u, "unknown event type '" + e + "'",
                            "use a comma-separated list of: " + String.join(", ", names));
                }
                bits |= 1 << i;
            }
            return bits;
        }
    }
}
