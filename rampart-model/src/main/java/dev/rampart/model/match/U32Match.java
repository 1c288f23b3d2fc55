package dev.rampart.model.match;

import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.MatchExtension;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.ext.UintRange;
import dev.rampart.model.write.SaveLine;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code -m u32 [!] --u32 TESTS}: every test ({@code &&}-separated) reads a 32-bit value by walking its
 * {@link Location} steps (start offset, then {@code &} mask, {@code <<}/{@code >>} shift or {@code @}
 * move-to-offset) and checks that it lies in one of {@code values}. At most 11 tests, 11 steps and 11
 * ranges each. Printed as iptables-save does: all numbers in hex, quoted.
 */
public record U32Match(List<Test> tests, boolean inverted) implements Match {

    /** The extension that parses {@code -m u32}. */
    public static final MatchExtension EXTENSION = new Extension();

    /** Most tests, steps per test and ranges per test. */
    public static final int MAX = 11;

    public U32Match {
        tests = List.copyOf(tests);
    }

    /** How a step combines with the value so far; the first step of a test is {@code START}. */
    public enum Op {
        START(""), AND("&"), LEFT_SHIFT("<<"), RIGHT_SHIFT(">>"), AT("@");

        private final String text;

        Op(String text) {
            this.text = text;
        }
    }

    /** One step of a location expression. */
    public record Location(Op op, long number) {
    }

    /** One test: a location expression and the accepted value ranges. */
    public record Test(List<Location> locations, List<UintRange> values) {
        public Test {
            locations = List.copyOf(locations);
            values = List.copyOf(values);
        }
    }

    @Override
    public String module() {
        return "u32";
    }

    @Override
    public void writeOptions(SaveLine out) {
        StringBuilder sb = new StringBuilder("\"");
        for (int t = 0; t < tests.size(); t++) {
            if (t > 0) {
                sb.append("&&");
            }
            for (Location l : tests.get(t).locations()) {
                sb.append(l.op().text).append("0x").append(Long.toHexString(l.number()));
            }
            sb.append('=');
            List<UintRange> vs = tests.get(t).values();
            for (int i = 0; i < vs.size(); i++) {
                UintRange r = vs.get(i);
                sb.append(i > 0 ? "," : "").append("0x").append(Long.toHexString(r.min()));
                if (r.max() != r.min()) {
                    sb.append(":0x").append(Long.toHexString(r.max()));
                }
            }
        }
        out.option(inverted, "u32", sb.append('"').toString());
    }

    /** Parser state over the argument text. */
    private static final class Reader {
        final OptionUse u;
        final String s;
        int i;

        Reader(OptionUse u) {
            this.u = u;
            this.s = u.arg();
        }

        void skipSpace() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        ExtensionException error(String what) {
            return ExtensionException.badValue(u, "u32: at character " + i + ": " + what);
        }

        long number() throws ExtensionException {
            skipSpace();
            int start = i;
            int radix = 10;
            if (i + 1 < s.length() && s.charAt(i) == '0' && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')
                    && i + 2 < s.length() && Character.digit(s.charAt(i + 2), 16) >= 0) {
                radix = 16;
                i += 2;
            } else if (i < s.length() && s.charAt(i) == '0') {
                radix = 8;
            }
            int digitsStart = i;
            long v = 0;
            while (i < s.length() && Character.digit(s.charAt(i), radix) >= 0) {
                v = v * radix + Character.digit(s.charAt(i), radix);
                if (v > 0xFFFFFFFFL) {
                    i = start;
                    throw error("number out of range (at most 0xffffffff)");
                }
                i++;
            }
            if (i == digitsStart) {
                i = start;
                throw error("a number was expected");
            }
            return v;
        }
    }

    static List<Test> parse(OptionUse u) throws ExtensionException {
        Reader r = new Reader(u);
        List<Test> tests = new ArrayList<>();
        while (true) {
            List<Location> locs = new ArrayList<>();
            locs.add(new Location(Op.START, r.number()));
            while (true) {
                r.skipSpace();
                if (r.i >= r.s.length()) {
                    throw r.error("the test ends after its location; add '=VALUE'");
                }
                char c = r.s.charAt(r.i);
                if (c == '=') {
                    r.i++;
                    break;
                }
                Op op;
                if (c == '&') {
                    op = Op.AND;
                } else if (c == '@') {
                    op = Op.AT;
                } else if ((c == '<' || c == '>') && r.i + 1 < r.s.length() && r.s.charAt(r.i + 1) == c) {
                    op = c == '<' ? Op.LEFT_SHIFT : Op.RIGHT_SHIFT;
                    r.i++;
                } else {
                    throw r.error("an operator (&, <<, >>, @) or '=' was expected");
                }
                r.i++;
                locs.add(new Location(op, r.number()));
                if (locs.size() > MAX) {
                    throw r.error("too many operators (at most " + (MAX - 1) + ")");
                }
            }
            List<UintRange> values = new ArrayList<>();
            while (true) {
                long lo = r.number();
                long hi = lo;
                r.skipSpace();
                if (r.i < r.s.length() && r.s.charAt(r.i) == ':') {
                    r.i++;
                    hi = r.number();
                }
                if (hi < lo) {
                    throw r.error("range " + lo + ":" + hi + " is empty");
                }
                values.add(new UintRange(lo, hi));
                if (values.size() > MAX) {
                    throw r.error("too many ',' (at most " + MAX + " ranges)");
                }
                r.skipSpace();
                if (r.i < r.s.length() && r.s.charAt(r.i) == ',') {
                    r.i++;
                    continue;
                }
                break;
            }
            tests.add(new Test(locs, values));
            if (tests.size() > MAX) {
                throw r.error("too many '&&' (at most " + (MAX - 1) + ")");
            }
            if (r.i >= r.s.length()) {
                return tests;
            }
            if (r.s.startsWith("&&", r.i)) {
                r.i += 2;
                continue;
            }
            throw r.error("',' or '&&' was expected");
        }
    }

    private static final class Extension implements MatchExtension {
        private static final List<OptionSpec> OPTIONS = List.of(OptionSpec.arg("u32").inv());

        @Override
        public String name() {
            return "u32";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Match build(Options o, RuleContext ctx) throws ExtensionException {
            OptionUse u = o.get("u32");
            if (u == null) {
                throw ExtensionException.constraint(null, "match 'u32' needs --u32 TESTS", null);
            }
            return new U32Match(parse(u), u.inverted());
        }
    }
}
