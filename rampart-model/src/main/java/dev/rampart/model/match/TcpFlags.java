package dev.rampart.model.match;

import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.OptionUse;

/** TCP flag bits and their names as {@code --tcp-flags} writes them. */
public final class TcpFlags {
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;
    public static final int ALL = 0x3F;

    private static final String[] NAMES = {"FIN", "SYN", "RST", "PSH", "ACK", "URG"};

    private TcpFlags() {
    }

    /** Parses a comma-separated flag list ({@code SYN,ACK}, {@code ALL}, {@code NONE}), case-insensitive. */
    public static int parse(OptionUse use, String text) throws ExtensionException {
        int flags = 0;
        for (String name : text.split(",", -1)) {
            int bit = switch (name.toUpperCase(java.util.Locale.ROOT)) {
                case "FIN" -> FIN;
                case "SYN" -> SYN;
                case "RST" -> RST;
                case "PSH" -> PSH;
                case "ACK" -> ACK;
                case "URG" -> URG;
                case "ALL" -> ALL;
                case "NONE" -> 0;
                default -> throw ExtensionException.badValue(use, "unknown TCP flag '" + name + "'",
                        "flags are FIN, SYN, RST, PSH, ACK, URG, ALL or NONE, separated by commas");
            };
            flags |= bit;
        }
        return flags;
    }

    /** The flags as iptables prints them: names in FIN..URG order joined by commas, or NONE. */
    public static String format(int flags) {
        if ((flags & ALL) == 0) {
            return "NONE";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < NAMES.length; i++) {
            if ((flags & (1 << i)) != 0) {
                if (sb.length() > 0) {
                    sb.append(',');
                }
                sb.append(NAMES[i]);
            }
        }
        return sb.toString();
    }
}
