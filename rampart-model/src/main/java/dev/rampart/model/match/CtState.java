package dev.rampart.model.match;

import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.OptionUse;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;

/**
 * A connection tracking state as {@code -m state --state} and {@code -m conntrack --ctstate} name it.
 * Declaration order is the order iptables prints them in; {@link #SNAT}/{@link #DNAT} are only valid
 * for {@code --ctstate}.
 */
public enum CtState {
    INVALID, NEW, RELATED, ESTABLISHED, UNTRACKED, SNAT, DNAT;

    /** Order in which iptables tries a (possibly abbreviated, case-insensitive) name. */
    private static final CtState[] LOOKUP = {INVALID, NEW, ESTABLISHED, RELATED, UNTRACKED, SNAT, DNAT};

    /**
     * Parses a comma-separated list; each item may be any case and any non-empty prefix of a name, as
     * iptables' {@code strncasecmp} lookup allows. {@code withNat} admits SNAT and DNAT.
     */
    static Set<CtState> parseList(OptionUse u, String text, boolean withNat) throws ExtensionException {
        EnumSet<CtState> out = EnumSet.noneOf(CtState.class);
        for (String item : text.split(",", -1)) {
            CtState found = null;
            if (!item.isEmpty()) {
                for (CtState s : LOOKUP) {
                    if ((withNat || s.ordinal() < SNAT.ordinal())
                            && s.name().startsWith(item.toUpperCase(Locale.ROOT))) {
                        found = s;
                        break;
                    }
                }
            }
            if (found == null) {
                throw ExtensionException.badValue(u, "unknown connection state '" + item + "' in --" + u.name(),
                        "use a comma-separated list of INVALID, NEW, RELATED, ESTABLISHED, UNTRACKED"
                                + (withNat ? ", SNAT, DNAT" : ""));
            }
            out.add(found);
        }
        return Set.copyOf(out);
    }

    /** The list as iptables prints it: names in declaration order, comma-separated. */
    static String format(Set<CtState> states) {
        StringJoiner j = new StringJoiner(",");
        for (CtState s : values()) {
            if (states.contains(s)) {
                j.add(s.name());
            }
        }
        return j.toString();
    }
}
