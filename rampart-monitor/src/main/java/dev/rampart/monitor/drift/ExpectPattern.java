package dev.rampart.monitor.drift;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One declared expected change: a glob ({@code *} any characters, {@code ?} one character, everything
 * else literal, matched against the whole name, case-sensitive) over one kind of name.
 *
 * <ul>
 *   <li>{@code chain:GLOB} — user chains whose name matches, in every table: the chains, their rules,
 *       and every rule that jumps or goes to them;</li>
 *   <li>{@code comment:GLOB} — rules whose {@code -m comment} matches;</li>
 *   <li>{@code set:GLOB} — ipsets whose name matches, and every rule that uses one of them in
 *       {@code -m set --match-set} or {@code -j SET};</li>
 *   <li>{@code iface:GLOB} — rules whose {@code -i} or {@code -o} interface matches (as written,
 *       {@code +} included).</li>
 * </ul>
 *
 * @param kind what the glob is matched against
 * @param glob the pattern as written
 */
public record ExpectPattern(Kind kind, String glob) {

    /** What an expected pattern is matched against. */
    public enum Kind {
        CHAIN, COMMENT, SET, IFACE;

        /** The prefix before the colon. */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ExpectPattern {
        Objects.requireNonNull(kind, "kind");
        if (glob == null || glob.isEmpty()) {
            throw new IllegalArgumentException("an expected pattern needs a non-empty glob");
        }
    }

    /**
     * Parses {@code KIND:GLOB}; throws {@link IllegalArgumentException} with a message naming the valid
     * kinds. A pattern without a kind is a chain pattern.
     */
    public static ExpectPattern parse(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            return new ExpectPattern(Kind.CHAIN, text);
        }
        String k = text.substring(0, colon);
        for (Kind kind : Kind.values()) {
            if (kind.word().equals(k)) {
                return new ExpectPattern(kind, text.substring(colon + 1));
            }
        }
        throw new IllegalArgumentException("unknown pattern kind '" + k + "' in '" + text
                + "'; use chain:, comment:, set: or iface:");
    }

    /** Whether {@code name} matches the glob. */
    public boolean matches(String name) {
        return name != null && regex().matcher(name).matches();
    }

    private Pattern regex() {
        StringBuilder sb = new StringBuilder();
        StringBuilder lit = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*' || c == '?') {
                if (lit.length() > 0) {
                    sb.append(Pattern.quote(lit.toString()));
                    lit.setLength(0);
                }
                sb.append(c == '*' ? ".*" : ".");
            } else {
                lit.append(c);
            }
        }
        if (lit.length() > 0) {
            sb.append(Pattern.quote(lit.toString()));
        }
        return Pattern.compile(sb.toString(), Pattern.DOTALL);
    }

    /** {@code KIND:GLOB}. */
    @Override
    public String toString() {
        return kind.word() + ":" + glob;
    }

    /** Patterns of one kind out of {@code patterns}. */
    static List<ExpectPattern> of(List<ExpectPattern> patterns, Kind kind) {
        return patterns.stream().filter(p -> p.kind == kind).toList();
    }
}
