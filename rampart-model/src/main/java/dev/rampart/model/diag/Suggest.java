package dev.rampart.model.diag;

import java.util.Collection;

/** "Did you mean ...?" suggestions by edit distance. */
public final class Suggest {
    private Suggest() {
    }

    /**
     * The candidate closest to {@code word} (case-insensitive Levenshtein distance at most a third of
     * the word's length, and at least 1 allowed), or null when none is close enough.
     */
    public static String closest(String word, Collection<String> candidates) {
        return closest(word, candidates, Math.max(1, Math.min(3, word.length() / 3 + 1)));
    }

    /** The candidate within {@code maxDistance} edits of {@code word} (case-insensitive), or null. */
    public static String closest(String word, Collection<String> candidates, int maxDistance) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String w = word.toLowerCase(java.util.Locale.ROOT);
        for (String c : candidates) {
            if (Math.abs(c.length() - w.length()) > maxDistance) {
                continue;
            }
            int d = distance(w, c.toLowerCase(java.util.Locale.ROOT));
            if (d < bestDistance && d <= maxDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return best;
    }

    /** {@code did you mean 'X'?} or null. */
    public static String didYouMean(String word, Collection<String> candidates) {
        String c = closest(word, candidates);
        return c == null ? null : "did you mean '" + c + "'?";
    }

    /** Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent swaps. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[a.length()][b.length()];
    }
}
