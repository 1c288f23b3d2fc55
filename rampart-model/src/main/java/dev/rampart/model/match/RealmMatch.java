package dev.rampart.model.match;

import dev.rampart.model.Family;
import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.MatchExtension;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.ext.ValueMask;
import dev.rampart.model.write.SaveLine;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code -m realm [!] --realm VALUE[/MASK]} (IPv4): the routing realm of the packet's route, masked
 * with {@code realm.mask()}, equals {@code realm.value()}. Realm 0 is named {@code cosmos}, as in
 * iproute2's {@code rt_realms}.
 */
public record RealmMatch(ValueMask realm, boolean inverted) implements Match {

    /** The extension that parses {@code -m realm}. */
    public static final MatchExtension EXTENSION = new Extension();

    @Override
    public String module() {
        return "realm";
    }

    @Override
    public void writeOptions(SaveLine out) {
        out.option(inverted, "realm", realm.fullMaskOnly() && realm.value() == 0 ? "cosmos" : realm.toString());
    }

    /** {@code VALUE[/MASK]}, or a name from {@code names} (index = value) with a full mask. */
    static ValueMask parseNamed(OptionUse u, String text, String zeroName) throws ExtensionException {
        if (text.equals(zeroName)) {
            return new ValueMask(0, 0xFFFFFFFFL, 0xFFFFFFFFL);
        }
        return ValueMask.parse32(u, text);
    }

    private static final class Extension implements MatchExtension {
        private static final List<OptionSpec> OPTIONS = List.of(OptionSpec.arg("realm").inv());

        @Override
        public String name() {
            return "realm";
        }

        @Override
        public Set<Family> families() {
            return EnumSet.of(Family.IPV4);
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Match build(Options o, RuleContext ctx) throws ExtensionException {
            OptionUse u = o.get("realm");
            if (u == null) {
                throw ExtensionException.constraint(null, "match 'realm' needs --realm VALUE[/MASK]", null);
            }
            return new RealmMatch(parseNamed(u, u.arg(), "cosmos"), u.inverted());
        }
    }
}
