package dev.rampart.monitor.counters;

/** Shell-style globs over names: {@code *} any characters, {@code ?} one, everything else literal. */
final class Glob {
    private Glob() {
    }

    /** Whether {@code glob} matches the whole of {@code name}. */
    static boolean matches(String glob, String name) {
        return matches(glob, 0, name, 0);
    }

    private static boolean matches(String g, int gi, String s, int si) {
        while (gi < g.length()) {
            char c = g.charAt(gi);
            if (c == '*') {
                for (int k = si; k <= s.length(); k++) {
                    if (matches(g, gi + 1, s, k)) {
                        return true;
                    }
                }
                return false;
            }
            if (si >= s.length() || c != '?' && c != s.charAt(si)) {
                return false;
            }
            gi++;
            si++;
        }
        return si == s.length();
    }
}
