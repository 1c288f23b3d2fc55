package dev.rampart.model.target;

import dev.rampart.model.Family;
import dev.rampart.model.TableName;
import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.ext.TargetExtension;
import dev.rampart.model.net.Protocol;
import dev.rampart.model.write.SaveLine;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code -j ECN} (IPv4): rewrite ECN bits and continue. {@code ece}/{@code cwr} are the TCP flag values
 * to set (0 or 1; -1 to leave the flag alone), {@code ipEct} the IP ECT codepoint 0..3 (-1 to leave
 * it). {@code --ecn-tcp-remove} is ece=0, cwr=0. TCP flags need {@code -p tcp}; valid only in table
 * mangle.
 */
public record EcnTarget(int ece, int cwr, int ipEct) implements Target {

    /** The extension that parses {@code -j ECN}. */
    public static final TargetExtension EXTENSION = new Extension();

    @Override
    public String name() {
        return "ECN";
    }

    @Override
    public void writeOptions(SaveLine out) {
        if (ece == 0 && cwr == 0 && ipEct < 0) {
            out.option("ecn-tcp-remove");
            return;
        }
        if (ece >= 0) {
            out.option("ecn-tcp-ece", Integer.toString(ece));
        }
        if (cwr >= 0) {
            out.option("ecn-tcp-cwr", Integer.toString(cwr));
        }
        if (ipEct >= 0) {
            out.option("ecn-ip-ect", Integer.toString(ipEct));
        }
    }

    private static final class Extension implements TargetExtension {
        private static final List<OptionSpec> OPTIONS = List.of(OptionSpec.flag("ecn-tcp-remove"),
                OptionSpec.arg("ecn-tcp-cwr"), OptionSpec.arg("ecn-tcp-ece"), OptionSpec.arg("ecn-ip-ect"));

        @Override
        public String name() {
            return "ECN";
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
        public Target build(Options o, RuleContext ctx) throws ExtensionException {
            TargetSupport.atMostOne(o, "ecn-tcp-remove", "ecn-tcp-cwr");
            TargetSupport.atMostOne(o, "ecn-tcp-remove", "ecn-tcp-ece");
            if (o.isEmpty()) {
                throw ExtensionException.constraint(null, "an option is required",
                        "add --ecn-tcp-remove, --ecn-tcp-ece, --ecn-tcp-cwr or --ecn-ip-ect");
            }
            int ece = -1;
            int cwr = -1;
            int ect = -1;
            OptionUse tcp = null;
            for (OptionUse u : o.all()) {
                switch (u.name()) {
                    case "ecn-tcp-remove" -> {
                        ece = 0;
                        cwr = 0;
                        tcp = u;
                    }
                    case "ecn-tcp-ece" -> {
                        ece = (int) TargetSupport.uint(u, 0, 1);
                        tcp = tcp == null ? u : tcp;
                    }
                    case "ecn-tcp-cwr" -> {
                        cwr = (int) TargetSupport.uint(u, 0, 1);
                        tcp = tcp == null ? u : tcp;
                    }
                    case "ecn-ip-ect" -> ect = (int) TargetSupport.uint(u, 0, 3);
                    default -> throw new IllegalStateException(u.name());
                }
            }
            if (tcp != null) {
                TargetSupport.requireProtocol(ctx, tcp, "ECN", Protocol.TCP);
            }
            TargetSupport.requireTable(ctx, "ECN", TableName.MANGLE);
            return new EcnTarget(ece, cwr, ect);
        }
    }
}
