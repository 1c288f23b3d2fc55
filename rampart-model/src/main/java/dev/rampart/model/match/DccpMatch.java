package dev.rampart.model.match;

import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.MatchExtension;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.ext.Values;
import dev.rampart.model.net.PortRange;
import dev.rampart.model.net.Protocol;
import dev.rampart.model.write.SaveLine;
import java.util.List;

/**
 * {@code -m dccp}: source/destination port ranges (null when not given), packet types
 * ({@code typeMask} bit {@code t} for DCCP type {@code t}; 0 when not given; {@code INVALID} also sets
 * the bits of the undefined types 11..15) and a DCCP option number (1..255, 0 when not given). Each
 * test has its own inversion. Needs {@code -p dccp}.
 */
public record DccpMatch(PortRange sport, boolean sportInverted, PortRange dport, boolean dportInverted,
                        int typeMask, boolean typesInverted, int option, boolean optionInverted) implements Match {

    /** The extension that parses {@code -m dccp}. */
    public static final MatchExtension EXTENSION = new Extension();

    /** DCCP packet type names, indexed by type number. */
    static final List<String> TYPES = List.of("REQUEST", "RESPONSE", "DATA", "ACK", "DATAACK", "CLOSEREQ", "CLOSE",
            "RESET", "SYNC", "SYNCACK", "INVALID");
    private static final int INVALID = 10;

    @Override
    public String module() {
        return "dccp";
    }

    @Override
    public void writeOptions(SaveLine out) {
        if (sport != null) {
            out.option(sportInverted, "sport", sport.toString());
        }
        if (dport != null) {
            out.option(dportInverted, "dport", dport.toString());
        }
        if (typeMask != 0 || typesInverted) {
            StringBuilder sb = new StringBuilder();
            for (int t = 0; t <= INVALID; t++) {
                if ((typeMask & (1 << t)) != 0) {
                    sb.append(sb.length() > 0 ? "," : "").append(TYPES.get(t));
                }
            }
            out.option(typesInverted, "dccp-types", sb.toString());
        }
        if (option != 0 || optionInverted) {
            out.option(optionInverted, "dccp-option", Integer.toString(option));
        }
    }

    private static final class Extension implements MatchExtension {
        private static final List<OptionSpec> OPTIONS = List.of(
                OptionSpec.arg("sport").inv().alias("source-port"),
                OptionSpec.arg("dport").inv().alias("destination-port"),
                OptionSpec.arg("dccp-types").inv(),
                OptionSpec.arg("dccp-option").inv());

        @Override
        public String name() {
            return "dccp";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Match build(Options o, RuleContext ctx) throws ExtensionException {
            PortRange sport = null;
            PortRange dport = null;
            boolean sInv = false;
            boolean dInv = false;
            int mask = 0;
            boolean tInv = false;
            int option = 0;
            boolean oInv = false;
            for (OptionUse u : o.all()) {
                switch (u.name()) {
                    case "sport" -> {
                        sport = Values.portRange(u, u.arg(), "dccp");
                        sInv = u.inverted();
                    }
                    case "dport" -> {
                        dport = Values.portRange(u, u.arg(), "dccp");
                        dInv = u.inverted();
                    }
                    case "dccp-types" -> {
                        for (String t : u.arg().split(",")) {
                            int idx = -1;
                            for (int k = 0; k < TYPES.size(); k++) {
                                if (TYPES.get(k).equalsIgnoreCase(t)) {
                                    idx = k;
                                }
                            }
                            if (idx < 0) {
                                throw ExtensionException.badValue(u, "unknown DCCP packet type '" + t + "'",
                                        "known types: " + String.join(",", TYPES));
                            }
                            mask |= 1 << idx;
                        }
                        if ((mask & (1 << INVALID)) != 0) {
                            mask |= 0xF800;
                        }
                        tInv = u.inverted();
                    }
                    default -> {
                        option = (int) Values.number(u, u.arg(), 1, 255);
                        oInv = u.inverted();
                    }
                }
            }
            TcpMatch.requireProtocol(EspMatch.first(o), ctx, Protocol.DCCP, "dccp");
            return new DccpMatch(sport, sInv, dport, dInv, mask, tInv, option, oInv);
        }
    }
}
