package dev.rampart.analysis.spoofing;

import dev.rampart.model.Family;
import dev.rampart.model.diag.DiagnosticCode;
import dev.rampart.model.diag.Diagnostics;
import dev.rampart.model.diag.Suggest;
import dev.rampart.model.net.IpAddress;
import dev.rampart.model.net.IpPrefix;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads an interfaces file ({@code docs/interfaces-format.md}): one JSON object whose keys are interface
 * names and whose values are arrays of strings, each an IPv4 or IPv6 prefix ({@code 198.18.1.0/24},
 * {@code 2001:db8::/32}), a single address, or {@value InterfaceAssignment#EVERYTHING_ELSE}.
 *
 * <p>Every problem becomes a located diagnostic ({@code FILE:LINE:COL: error[CODE]}) and reading goes on
 * where it can, so one run reports all of them: JSON syntax (E104), a value that is not a string
 * (E302), a bad address or prefix, or one with host bits set (E203, with the network as suggestion), a
 * bad interface name (E204), an interface listed twice (E206). The result's assignment is null when
 * any error was found. The JSON reader is a small recursive-descent one (the analysis module has no
 * JSON library), strict as RFC 8259 except that it does not check number syntax, which no valid file
 * contains.
 */
public final class InterfacesFileParser {
    /** Longest device name the kernel allows (IFNAMSIZ 16 minus the terminating NUL), in characters. */
    static final int MAX_NAME = 15;

    private final String text;
    private final Diagnostics diagnostics;
    private int pos;

    /** What reading a file gave: the assignment (null on error) and every diagnostic. */
    public record Result(InterfaceAssignment assignment, Diagnostics diagnostics) {
    }

    private InterfacesFileParser(String text, String file) {
        this.text = text;
        this.diagnostics = new Diagnostics(file);
    }

    /** Reads {@code text}, naming it {@code file} in diagnostics. */
    public static Result parse(String text, String file) {
        InterfacesFileParser p = new InterfacesFileParser(text, file);
        List<AssignedInterface> entries = p.document();
        return new Result(p.diagnostics.hasErrors() ? null : new InterfaceAssignment(entries), p.diagnostics);
    }

    /** Thrown to stop reading after a syntax error (already reported). */
    private static final class SyntaxError extends RuntimeException {
        SyntaxError() {
            super(null, null, false, false);
        }
    }

    private List<AssignedInterface> document() {
        List<AssignedInterface> entries = new ArrayList<>();
        try {
            skipSpace();
            if (pos < text.length() && text.charAt(pos) == '\uFEFF') {
                pos++;
                skipSpace();
            }
            expect('{', "the file must be one JSON object: {\"eth0\": [\"everything-else\"], ...}");
            skipSpace();
            Set<String> seen = new LinkedHashSet<>();
            if (peek() == '}') {
                pos++;
            } else {
                while (true) {
                    skipSpace();
                    int keyAt = pos;
                    String name = string("an interface name in double quotes");
                    skipSpace();
                    expect(':', "expected ':' after the interface name");
                    skipSpace();
                    AssignedInterface entry = entry(name);
                    if (!validName(name, keyAt)) {
                        entry = null;
                    } else if (!seen.add(name)) {
                        report(DiagnosticCode.DUPLICATE_OPTION, keyAt, name.length() + 2,
                                "interface '" + name + "' is listed twice", "list all its addresses in one array");
                        entry = null;
                    }
                    if (entry != null) {
                        entries.add(entry);
                    }
                    skipSpace();
                    if (peek() == ',') {
                        pos++;
                        continue;
                    }
                    expect('}', "expected ',' or '}' after an interface's addresses");
                    break;
                }
            }
            skipSpace();
            if (pos < text.length()) {
                report(DiagnosticCode.UNEXPECTED_LINE, pos, 1, "text after the end of the JSON object", null);
            }
        } catch (SyntaxError e) {
            // reported where it was found
        }
        return entries;
    }

    /** The array of addresses of interface {@code name}. */
    private AssignedInterface entry(String name) {
        expect('[', "expected a list of addresses: [\"198.18.1.0/24\", ...] or [\"" + InterfaceAssignment.EVERYTHING_ELSE
                + "\"]");
        List<IpPrefix> prefixes = new ArrayList<>();
        boolean rest = false;
        skipSpace();
        if (peek() == ']') {
            pos++;
            return new AssignedInterface(name, prefixes, false);
        }
        while (true) {
            skipSpace();
            int at = pos;
            if (pos >= text.length()) {
                syntax("expected an address");
            }
            if (peek() != '"') {
                int end = valueEnd();
                report(DiagnosticCode.INVALID_VALUE, at, Math.max(1, end - at),
                        "expected an address, a prefix or \"" + InterfaceAssignment.EVERYTHING_ELSE + "\" in double quotes",
                        null);
                pos = end;
            } else {
                String v = string("an address");
                if (v.equals(InterfaceAssignment.EVERYTHING_ELSE)) {
                    rest = true;
                } else {
                    IpPrefix p = prefix(v, at);
                    if (p != null) {
                        prefixes.add(p);
                    }
                }
            }
            skipSpace();
            if (peek() == ',') {
                pos++;
                continue;
            }
            expect(']', "expected ',' or ']' in the list of addresses");
            return new AssignedInterface(name, prefixes, rest);
        }
    }

    /** {@code v} (written at {@code at}, quotes included) as a prefix, or null after reporting why not. */
    private IpPrefix prefix(String v, int at) {
        int width = v.length() + 2;
        int slash = v.indexOf('/');
        String addr = slash < 0 ? v : v.substring(0, slash);
        IpAddress a;
        try {
            a = IpAddress.parse(addr);
        } catch (IllegalArgumentException e) {
            String hint = v.chars().allMatch(Character::isLetter) || v.contains("-")
                    ? Suggest.didYouMean(v, List.of(InterfaceAssignment.EVERYTHING_ELSE)) : null;
            report(DiagnosticCode.INVALID_ADDRESS, at, width, "'" + v + "' is not an address or prefix ("
                    + e.getMessage() + ")", hint != null ? hint
                    : "write an IPv4 or IPv6 prefix such as 198.18.1.0/24 or 2001:db8::/32, or \""
                    + InterfaceAssignment.EVERYTHING_ELSE + "\"");
            return null;
        }
        int bits = a.family() == Family.IPV4 ? 32 : 128;
        int length = bits;
        if (slash >= 0) {
            String len = v.substring(slash + 1);
            length = len.matches("[0-9]{1,3}") ? Integer.parseInt(len) : -1;
            if (length < 0 || length > bits) {
                report(DiagnosticCode.INVALID_ADDRESS, at, width, "'" + v + "' has a bad prefix length '" + len + "'",
                        "an IPv" + a.family().number() + " prefix length is 0.." + bits);
                return null;
            }
        }
        IpPrefix p = a.family() == Family.IPV4 ? IpPrefix.ipv4((int) a.lo(), length) : IpPrefix.ipv6(a.hi(), a.lo(), length);
        if ((a.hi() & ~p.maskHi()) != 0 || (a.lo() & ~p.maskLo()) != 0) {
            IpPrefix network = new IpPrefix(p.family(), a.hi() & p.maskHi(), a.lo() & p.maskLo(), p.maskHi(), p.maskLo());
            report(DiagnosticCode.INVALID_ADDRESS, at, width, "'" + v + "' has host bits set",
                    "did you mean '" + network + "'?");
            return null;
        }
        return new IpPrefix(p.family(), a.hi(), a.lo(), p.maskHi(), p.maskLo());
    }

    private boolean validName(String name, int at) {
        String problem = null;
        if (name.isEmpty()) {
            problem = "an interface name cannot be empty";
        } else if (name.length() > MAX_NAME) {
            problem = "interface name '" + name + "' is longer than " + MAX_NAME + " characters";
        } else if (name.endsWith("+")) {
            problem = "interface name '" + name + "' is a wildcard; list each device by its name";
        } else if (name.equals(".") || name.equals("..") || name.chars().anyMatch(c -> c == '/' || c == ':'
                || Character.isWhitespace(c) || c < 0x21 || c > 0x7e)) {
            problem = "'" + name + "' is not a valid interface name";
        }
        if (problem != null) {
            report(DiagnosticCode.INVALID_INTERFACE, at, name.length() + 2, problem, null);
            return false;
        }
        return true;
    }

    /** A JSON string starting at {@code pos} (unescaped), or a reported syntax error. */
    private String string(String what) {
        if (peek() != '"') {
            syntax("expected " + what);
        }
        int start = pos++;
        StringBuilder sb = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\n') {
                break;
            }
            if (c == '\\' && pos < text.length()) {
                char e = text.charAt(pos++);
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'u' -> {
                        if (pos + 4 > text.length() || !text.substring(pos, pos + 4).matches("[0-9a-fA-F]{4}")) {
                            pos -= 2;
                            syntax("bad \\u escape in a string");
                        }
                        sb.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                        pos += 4;
                    }
                    default -> {
                        pos -= 2;
                        syntax("bad escape '\\" + e + "' in a string");
                    }
                }
            } else {
                sb.append(c);
            }
        }
        pos = start;
        syntax("unterminated string");
        return null;
    }

    /** The end of a non-string value starting at {@code pos}: the next ',', ']', '}' or line end. */
    private int valueEnd() {
        int depth = 0;
        int i = pos;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '[' || c == '{') {
                depth++;
            } else if ((c == ']' || c == '}') && depth > 0) {
                depth--;
            } else if (depth == 0 && (c == ',' || c == ']' || c == '}' || c == '\n')) {
                break;
            }
            i++;
        }
        while (i > pos && Character.isWhitespace(text.charAt(i - 1))) {
            i--;
        }
        return i;
    }

    private void expect(char c, String message) {
        if (peek() != c) {
            syntax(message);
        }
        pos++;
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipSpace() {
        while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t'
                || text.charAt(pos) == '\n' || text.charAt(pos) == '\r')) {
            pos++;
        }
    }

    private void syntax(String message) {
        report(DiagnosticCode.UNEXPECTED_LINE, pos, 1, pos >= text.length() ? message + ", found the end of the file"
                : message, null);
        throw new SyntaxError();
    }

    /** Reports at character offset {@code offset}, underlining {@code width} characters. */
    private void report(DiagnosticCode code, int offset, int width, String message, String suggestion) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < Math.min(offset, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        int lineEnd = text.indexOf('\n', lineStart);
        String source = text.substring(lineStart, lineEnd < 0 ? text.length() : lineEnd);
        if (source.endsWith("\r")) {
            source = source.substring(0, source.length() - 1);
        }
        diagnostics.report(code, line, offset - lineStart + 1, width, source, message, suggestion);
    }
}
