package dev.rampart.model;

/** The {@code -f} test of IPv4 rules: any packet, only second and later fragments, or all but those. */
public enum Fragment {
    ANY,
    /** {@code -f}: second and further fragments only. */
    FRAGMENTS,
    /** {@code ! -f}: unfragmented packets and first fragments. */
    NON_FRAGMENTS
}
