package dev.rampart.model.match;

import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.MatchExtension;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.ext.UintRange;
import dev.rampart.model.net.Protocol;
import dev.rampart.model.write.SaveLine;
import java.util.List;

/**
 * {@code -m tcpmss [!] --mss MIN[:MAX]}: the TCP MSS option (bytes, 0..65535) of a SYN packet lies in
 * {@code mss}. Needs {@code -p tcp}.
 */
public record TcpmssMatch(UintRange mss, boolean inverted) implements Match {

    /** The extension that parses {@code -m tcpmss}. */
    public static final MatchExtension EXTENSION = new Extension();

    @Override
    public String module() {
        return "tcpmss";
    }

    @Override
    public void writeOptions(SaveLine out) {
        out.option(inverted, "mss", mss.toString());
    }

    private static final class Extension implements MatchExtension {
        private static final List<OptionSpec> OPTIONS = List.of(OptionSpec.arg("mss").inv());

        @Override
        public String name() {
            return "tcpmss";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Match build(Options o, RuleContext ctx) throws ExtensionException {
            OptionUse u = o.get("mss");
            if (u == null) {
                throw ExtensionException.constraint(null, "match 'tcpmss' needs --mss MIN[:MAX]", null);
            }
            UintRange r = UintRange.parse(u, u.arg(), 0xFFFF);
            TcpMatch.requireProtocol(u, ctx, Protocol.TCP, "tcpmss");
            return new TcpmssMatch(r, u.inverted());
        }
    }
}
