package dev.rampart.model.match;

import dev.rampart.model.diag.DiagnosticCode;
import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.MatchExtension;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.ext.Values;
import dev.rampart.model.write.SaveLine;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code -m string}: the packet contains {@code pattern} between byte offsets {@code from} and
 * {@code to} (0..65535, counted from the start of the network header), searched with {@code algo}
 * ({@code bm} or {@code kmp}), case-insensitively with {@code icase}; {@code inverted} when it must
 * not. {@code pattern} holds raw bytes, one {@code char} 0..255 per byte (ISO-8859-1), 1..128 bytes;
 * text given with {@code --string} is taken as UTF-8.
 *
 * <p>iptables-save prints the pattern as {@code --string "text"} (with {@code "} and {@code \} escaped)
 * when every byte is printable ASCII and the last is not a backslash, else as
 * {@code --hex-string "|hex|"}, whichever option it was given with.
 */
public record StringMatch(String pattern, String algo, int from, int to, boolean icase, boolean inverted)
        implements Match {

    /** The extension that parses {@code -m string}. */
    public static final MatchExtension EXTENSION = new Extension();

    /** Longest pattern, in bytes. */
    public static final int MAX_PATTERN = 128;

    @Override
    public String module() {
        return "string";
    }

    /** The pattern's bytes. */
    public byte[] patternBytes() {
        return pattern.getBytes(StandardCharsets.ISO_8859_1);
    }

    private boolean printsAsHex() {
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                return true;
            }
        }
        return pattern.isEmpty() || pattern.charAt(pattern.length() - 1) == '\\';
    }

    @Override
    public void writeOptions(SaveLine out) {
        StringBuilder sb = new StringBuilder(pattern.length() + 4).append('"');
        if (printsAsHex()) {
            sb.append('|');
            for (int i = 0; i < pattern.length(); i++) {
                sb.append(String.format("%02x", (int) pattern.charAt(i)));
            }
            sb.append('|');
            out.option(inverted, "hex-string");
        } else {
            for (int i = 0; i < pattern.length(); i++) {
                char c = pattern.charAt(i);
                if (c == '"' || c == '\\') {
                    sb.append('\\');
                }
                sb.append(c);
            }
            out.option(inverted, "string");
        }
        out.word(sb.append('"').toString());
        out.option("algo", algo);
        if (from != 0) {
            out.option("from", Integer.toString(from));
        }
        if (to != 65535) {
            out.option("to", Integer.toString(to));
        }
        if (icase) {
            out.option("icase");
        }
    }

    /** Decodes {@code --hex-string}: plain characters, {@code |hex digits|} blocks, {@code \x} literals. */
    static String parseHex(OptionUse u) throws ExtensionException {
        String s = u.arg();
        if (s.isEmpty()) {
            throw ExtensionException.badValue(u, "--hex-string needs at least one character");
        }
        StringBuilder out = new StringBuilder();
        boolean hex = false;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '|') {
                hex = !hex;
                i++;
                if (hex) {
                    while (i < s.length() && s.charAt(i) == ' ') {
                        i++;
                    }
                }
                continue;
            }
            if (c == '\\') {
                if (hex) {
                    throw ExtensionException.badValue(u, "a '\\' literal cannot appear inside a |hex| block");
                }
                if (i + 1 >= s.length()) {
                    throw ExtensionException.badValue(u, "'\\' at the end of --hex-string escapes nothing");
                }
                out.append(s.charAt(i + 1));
                i += 2;
            } else if (hex) {
                if (i + 1 >= s.length() || Character.digit(c, 16) < 0 || Character.digit(s.charAt(i + 1), 16) < 0) {
                    throw ExtensionException.badValue(u, "invalid hex block in --hex-string '" + s + "'",
                            "write bytes as pairs of hex digits between '|', e.g. '|0d0a|'");
                }
                out.append((char) Integer.parseInt(s.substring(i, i + 2), 16));
                i += 2;
                if (i < s.length() && s.charAt(i) == ' ') {
                    i++;
                }
            } else {
                for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
                    out.append((char) (b & 0xFF));
                }
                i++;
            }
            if (out.length() > MAX_PATTERN) {
                throw ExtensionException.badValue(u, "pattern is longer than " + MAX_PATTERN + " bytes");
            }
        }
        if (hex) {
            throw ExtensionException.badValue(u, "unterminated |hex| block in --hex-string '" + s + "'",
                    "close the block with '|'");
        }
        return out.toString();
    }

    private static final class Extension implements MatchExtension {
        private static final List<OptionSpec> OPTIONS = List.of(
                OptionSpec.arg("from"),
                OptionSpec.arg("to"),
                OptionSpec.arg("algo"),
                OptionSpec.arg("string").inv(),
                OptionSpec.arg("hex-string").inv(),
                OptionSpec.flag("icase"));

        @Override
        public String name() {
            return "string";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Match build(Options o, RuleContext ctx) throws ExtensionException {
            OptionUse str = o.get("string");
            OptionUse hex = o.get("hex-string");
            if (str != null && hex != null) {
                OptionUse later = o.indexOf("string") > o.indexOf("hex-string") ? str : hex;
                throw new ExtensionException(DiagnosticCode.DUPLICATE_OPTION,
                        "--string and --hex-string cannot be given together", later, false, "keep one of them");
            }
            if (str == null && hex == null) {
                throw ExtensionException.constraint(null, "match 'string' needs --string TEXT or --hex-string |HEX|",
                        null);
            }
            OptionUse algoUse = o.get("algo");
            if (algoUse == null) {
                throw ExtensionException.constraint(null, "match 'string' needs --algo bm|kmp",
                        "add '--algo bm'");
            }
            String algo = algoUse.arg();
            if (!algo.equals("bm") && !algo.equals("kmp")) {
                throw ExtensionException.badValue(algoUse, "unknown string search algorithm '" + algo + "'",
                        "use 'bm' (Boyer-Moore) or 'kmp' (Knuth-Pratt-Morris)");
            }
            String pattern;
            boolean inverted;
            if (str != null) {
                byte[] b = str.arg().getBytes(StandardCharsets.UTF_8);
                if (b.length > MAX_PATTERN) {
                    throw ExtensionException.badValue(str, "pattern is " + b.length + " bytes long; at most "
                            + MAX_PATTERN + " are allowed");
                }
                pattern = new String(b, StandardCharsets.ISO_8859_1);
                inverted = str.inverted();
            } else {
                pattern = parseHex(hex);
                inverted = hex.inverted();
            }
            if (pattern.isEmpty()) {
                throw ExtensionException.badValue(str != null ? str : hex, "the search pattern is empty");
            }
            OptionUse f = o.get("from");
            OptionUse t = o.get("to");
            int from = f == null ? 0 : (int) Values.number(f, f.arg(), 0, 65535);
            int to = t == null ? 65535 : (int) Values.number(t, t.arg(), 0, 65535);
            if (from > to) {
                throw ExtensionException.constraint(f, "--from " + from + " is beyond --to " + to,
                        "make --from at most --to");
            }
            return new StringMatch(pattern, algo, from, to, o.has("icase"), inverted);
        }
    }
}
