package dev.rampart.model.match;

import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.MatchExtension;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.write.SaveLine;
import java.util.List;
import java.util.Locale;

/** {@code -m pkttype [!] --pkt-type TYPE}: the link-layer packet class (unicast to us, broadcast, ...). */
public record PkttypeMatch(Type type, boolean inverted) implements Match {

    /** The extension that parses {@code -m pkttype}. */
    public static final MatchExtension EXTENSION = new Extension();

    /** Packet classes ({@code PACKET_HOST}, ...), named as iptables prints them. */
    public enum Type {
        UNICAST("unicast"), BROADCAST("broadcast"), MULTICAST("multicast"), OTHERHOST("otherhost");

        private final String text;

        Type(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    @Override
    public String module() {
        return "pkttype";
    }

    @Override
    public void writeOptions(SaveLine out) {
        out.option(inverted, "pkt-type", type.text());
    }

    private static final class Extension implements MatchExtension {
        private static final List<OptionSpec> OPTIONS = List.of(OptionSpec.arg("pkt-type").inv());

        @Override
        public String name() {
            return "pkttype";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Match build(Options o, RuleContext ctx) throws ExtensionException {
            OptionUse u = o.get("pkt-type");
            if (u == null) {
                throw MatchArgs.required("pkttype", "--pkt-type TYPE");
            }
            Type t = switch (u.arg().toLowerCase(Locale.ROOT)) {
                case "unicast", "host" -> Type.UNICAST;
                case "broadcast", "bcast" -> Type.BROADCAST;
                case "multicast", "mcast" -> Type.MULTICAST;
                case "otherhost" -> Type.OTHERHOST;
                default -> throw ExtensionException.badValue(u, "unknown packet type '" + u.arg() + "'",
                        "use unicast, broadcast, multicast or otherhost");
            };
            return new PkttypeMatch(t, u.inverted());
        }
    }
}
