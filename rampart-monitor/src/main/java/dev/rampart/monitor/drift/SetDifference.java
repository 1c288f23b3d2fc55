package dev.rampart.monitor.drift;

/**
 * One difference between the approved and the live ipsets, after the expected sets were removed.
 *
 * @param set    the set name
 * @param kind   what changed
 * @param detail for members: the element as {@code ipset save} prints it (without timeout or counters);
 *               for a changed set: {@code OLD-CREATE-LINE -> NEW-CREATE-LINE}; for added or removed
 *               sets: the create line
 */
public record SetDifference(String set, Kind kind, String detail) {

    /** What kind of difference. */
    public enum Kind {
        /** A set only the live host has. */
        SET_ADDED("set added"),
        /** An approved set missing on the live host. */
        SET_REMOVED("set removed"),
        /** The set's type or creation options differ (hash size, bucket size and seed do not count). */
        SET_CHANGED("set changed"),
        /** An element in the live set that the approved set does not hold. */
        MEMBER_ADDED("member added"),
        /** An element of the approved set missing from the live set. */
        MEMBER_REMOVED("member removed");

        private final String words;

        Kind(String words) {
            this.words = words;
        }

        /** The kind in words, as the text report prints it. */
        public String words() {
            return words;
        }

        /** The kind as the JSON report names it: {@code member_added}, ... */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
