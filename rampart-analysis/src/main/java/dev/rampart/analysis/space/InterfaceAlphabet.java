package dev.rampart.analysis.space;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The finite alphabet of interface names a packet space distinguishes: the names a ruleset mentions
 * ({@code eth0}, {@code veth+}) split all device names into classes that every {@code -i}/{@code -o}
 * test treats alike, and the alphabet has one representative name per class. Immutable.
 *
 * <p>Classes: index 0 is "no device" (the kernel compares it as the empty name); then one class per
 * exact name (always including {@value #LOOPBACK}); then, for each wildcard stem {@code s} (and the empty stem, "any other name"), the names
 * that start with {@code s} and with no longer stem and are no exact name. A name's class decides every
 * test of the alphabet's names: an exact test holds only for its own class; a wildcard test with stem
 * {@code t} holds for a stem class {@code s} iff {@code t} is a prefix of {@code s}, since representatives
 * are chosen to start with no longer stem.
 */
public final class InterfaceAlphabet {
    /** The loopback device, always a class of its own ({@code -m mac} never matches packets received on it). */
    public static final String LOOPBACK = "lo";

    private final List<String> representatives;
    private final Set<String> exact;
    private final List<String> stems;

    private InterfaceAlphabet(List<String> representatives, Set<String> exact, List<String> stems) {
        this.representatives = representatives;
        this.exact = exact;
        this.stems = stems;
    }

    /** The alphabet of the names written in rules ({@code eth0}, {@code ppp+}); null and empty are ignored. */
    public static InterfaceAlphabet of(Collection<String> written) {
        Set<String> exact = new TreeSet<>();
        exact.add(LOOPBACK);
        Set<String> stems = new TreeSet<>();
        stems.add("");
        for (String w : written) {
            if (w == null || w.isEmpty()) {
                continue;
            }
            if (w.endsWith("+")) {
                stems.add(w.substring(0, w.length() - 1));
            } else {
                exact.add(w);
            }
        }
        List<String> reps = new ArrayList<>();
        reps.add(null);
        reps.addAll(exact);
        List<String> stemList = new ArrayList<>(stems);
        for (String s : stemList) {
            reps.add(representative(s, exact, stemList));
        }
        // class 0 is null (no device), which List.copyOf refuses
        return new InterfaceAlphabet(Collections.unmodifiableList(reps), Set.copyOf(exact),
                List.copyOf(stemList));
    }

    /** A name starting with {@code stem}, no exact name, starting with no longer stem. */
    private static String representative(String stem, Set<String> exact, List<String> stems) {
        String[] suffixes = stem.isEmpty()
                ? new String[] {"eth0", "eth1", "ens3", "enp1s0", "wlan0", "other"}
                : new String[] {"0", "1", "2", "9", "x", "_0"};
        for (int round = 0; round < 1000; round++) {
            for (String suffix : suffixes) {
                String candidate = stem + suffix + (round == 0 ? "" : Integer.toString(round));
                if (!exact.contains(candidate) && !startsWithLongerStem(candidate, stem, stems)) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("no free interface name for stem '" + stem + "'");
    }

    private static boolean startsWithLongerStem(String name, String stem, List<String> stems) {
        for (String t : stems) {
            if (t.length() > stem.length() && name.startsWith(t)) {
                return true;
            }
        }
        return false;
    }

    /** Number of classes (the interface dimensions take values 0..size-1). */
    public int size() {
        return representatives.size();
    }

    /** The representative device name of class {@code index}; null for class 0 (no device). */
    public String representative(int index) {
        return representatives.get(index);
    }

    /**
     * A name for class {@code index} in descriptions: {@code none} (no device), the exact device name,
     * or {@code STEM+} for the other names starting with a wildcard stem ({@code other} for the empty
     * stem: every name not covered by another class).
     */
    public String label(int index) {
        if (index == 0) {
            return "none";
        }
        if (index <= exact.size()) {
            return representatives.get(index);
        }
        String stem = stems.get(index - 1 - exact.size());
        return stem.isEmpty() ? "other" : stem + "+";
    }

    /** The class of device {@code name} (null or empty: no device). */
    public int classify(String name) {
        if (name == null || name.isEmpty()) {
            return 0;
        }
        if (exact.contains(name)) {
            return representatives.indexOf(name);
        }
        String best = "";
        for (String s : stems) {
            if (name.startsWith(s) && s.length() >= best.length()) {
                best = s;
            }
        }
        return 1 + exact.size() + stems.indexOf(best);
    }

    /**
     * The classes that {@code -i written} matches ({@code written} exact or ending in {@code +}); throws
     * IllegalArgumentException when the name is not in the alphabet (the space was built without it).
     */
    public IntervalSet matching(String written) {
        boolean wildcard = written.endsWith("+");
        String name = wildcard ? written.substring(0, written.length() - 1) : written;
        if (wildcard ? !stems.contains(name) : !exact.contains(name)) {
            throw new IllegalArgumentException("interface '" + written + "' is not in this packet space's alphabet");
        }
        long[] hits = new long[size()];
        int n = 0;
        for (int i = 0; i < size(); i++) {
            String dev = representatives.get(i) == null ? "" : representatives.get(i);
            if (wildcard ? dev.startsWith(name) : dev.equals(name)) {
                hits[n++] = i;
            }
        }
        return IntervalSet.points(Arrays.copyOf(hits, n));
    }

    @Override
    public String toString() {
        return representatives.toString();
    }
}
