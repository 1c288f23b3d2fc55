package dev.rampart.model.match;

import dev.rampart.model.Family;
import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.MatchExtension;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.ext.Values;
import dev.rampart.model.net.Protocol;
import dev.rampart.model.write.SaveLine;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code -m osf [!] --genre NAME [--ttl 0..2] [--log 0..2]} (IPv4, needs {@code -p tcp}): passive OS
 * fingerprinting of SYN packets against the fingerprints loaded into the kernel. {@code ttl} and
 * {@code log} are -1 when not given. Rampart cannot evaluate it (it depends on the loaded database).
 */
public record OsfMatch(String genre, boolean inverted, int ttl, int log) implements Match {

    /** The extension that parses {@code -m osf}. */
    public static final MatchExtension EXTENSION = new Extension();

    /** Longest genre name, in bytes. */
    public static final int MAX_GENRE = 31;

    @Override
    public String module() {
        return "osf";
    }

    @Override
    public void writeOptions(SaveLine out) {
        out.option(inverted, "genre", genre);
        if (ttl >= 0) {
            out.option("ttl", Integer.toString(ttl));
        }
        if (log >= 0) {
            out.option("log", Integer.toString(log));
        }
    }

    private static final class Extension implements MatchExtension {
        private static final List<OptionSpec> OPTIONS = List.of(OptionSpec.arg("genre").inv(), OptionSpec.arg("ttl"),
                OptionSpec.arg("log"));

        @Override
        public String name() {
            return "osf";
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
            OptionUse g = o.get("genre");
            if (g == null) {
                throw ExtensionException.constraint(null, "match 'osf' needs --genre NAME", null);
            }
            if (g.arg().isEmpty() || g.arg().length() > MAX_GENRE) {
                throw ExtensionException.badValue(g, "--genre must be 1 to " + MAX_GENRE + " characters long");
            }
            OptionUse t = o.get("ttl");
            OptionUse l = o.get("log");
            int ttl = t == null ? -1 : (int) Values.number(t, t.arg(), 0, 2);
            int log = l == null ? -1 : (int) Values.number(l, l.arg(), 0, 2);
            TcpMatch.requireProtocol(g, ctx, Protocol.TCP, "osf");
            return new OsfMatch(g.arg(), g.inverted(), ttl, log);
        }
    }
}
