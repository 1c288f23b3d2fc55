package dev.rampart.model.match;

import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.MatchExtension;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.ext.Values;
import dev.rampart.model.net.Protocol;
import dev.rampart.model.write.SaveLine;
import java.util.List;

/**
 * {@code -m ecn}: ECN bits. {@code ece}/{@code cwr} test the TCP header's ECE/CWR flags (each
 * {@link Test#ABSENT} when not given), {@code ipEct} (0..3, or -1 when not given) the IP header's ECN
 * field; each test can be inverted on its own.
 */
public record EcnMatch(Test ece, Test cwr, int ipEct, boolean ipEctInverted) implements Match {

    /** The extension that parses {@code -m ecn}. */
    public static final MatchExtension EXTENSION = new Extension();

    /** A flag test: not given, flag set, or flag not set ({@code !}). */
    public enum Test {
        ABSENT, SET, NOT_SET
    }

    @Override
    public String module() {
        return "ecn";
    }

    @Override
    public void writeOptions(SaveLine out) {
        if (ece != Test.ABSENT) {
            out.option(ece == Test.NOT_SET, "ecn-tcp-ece");
        }
        if (cwr != Test.ABSENT) {
            out.option(cwr == Test.NOT_SET, "ecn-tcp-cwr");
        }
        if (ipEct >= 0) {
            out.option(ipEctInverted, "ecn-ip-ect", Integer.toString(ipEct));
        }
    }

    private static final class Extension implements MatchExtension {
        private static final List<OptionSpec> OPTIONS = List.of(
                OptionSpec.flag("ecn-tcp-cwr").inv(),
                OptionSpec.flag("ecn-tcp-ece").inv(),
                OptionSpec.arg("ecn-ip-ect").inv());

        @Override
        public String name() {
            return "ecn";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Match build(Options o, RuleContext ctx) throws ExtensionException {
            if (o.all().isEmpty()) {
                throw ExtensionException.constraint(null, "match 'ecn' needs --ecn-tcp-cwr, --ecn-tcp-ece or --ecn-ip-ect",
                        null);
            }
            Test ece = Test.ABSENT;
            Test cwr = Test.ABSENT;
            int ect = -1;
            boolean ectInv = false;
            OptionUse tcpUse = null;
            for (OptionUse u : o.all()) {
                switch (u.name()) {
                    case "ecn-tcp-ece" -> {
                        ece = u.inverted() ? Test.NOT_SET : Test.SET;
                        tcpUse = tcpUse == null ? u : tcpUse;
                    }
                    case "ecn-tcp-cwr" -> {
                        cwr = u.inverted() ? Test.NOT_SET : Test.SET;
                        tcpUse = tcpUse == null ? u : tcpUse;
                    }
                    default -> {
                        ect = (int) Values.number(u, u.arg(), 0, 3);
                        ectInv = u.inverted();
                    }
                }
            }
            if (tcpUse != null && !ctx.hasProtocol(Protocol.TCP)) {
                throw ExtensionException.constraint(tcpUse, "--" + tcpUse.name() + " tests a TCP flag and needs "
                        + "'-p tcp' (without '!')", "add '-p tcp' before '-m ecn'");
            }
            return new EcnMatch(ece, cwr, ect, ectInv);
        }
    }
}
