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
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        int limit = Math.max(1, Math.min(3, word.length() / 3 + 1));
        String w = word.toLowerCase(java.util.Locale.ROOT);
        for (String c : candidates) {
            int d = distance(w, c.toLowerCase(java.util.Locale.ROOT));
            if (d < bestDistance && d <= limit) {
                best = c;
                bestDistance = d;
            }
        }
        return best;
    }

    /** The candidate within {@code maxDistance} edits of {@code word} (case-insensitive), or null. */
    public static String closest(String word, Collection<String> candidates, int maxDistance) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String w = word.toLowerCase(java.util.Locale.ROOT);
        for (String c : candidates) {
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

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
