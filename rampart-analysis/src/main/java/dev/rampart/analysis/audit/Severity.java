package dev.rampart.analysis.audit;

import java.util.Locale;

/**
 * How much a finding matters, most severe first (the declaration order is the sort order of reports and
 * the order {@code --fail-on} compares in).
 */
public enum Severity {
    /** The firewall lets in what it should not, or the host is exposed: fix now. */
    HIGH,
    /** A weakness an attacker or an outage can use: fix soon. */
    MEDIUM,
    /** Hygiene that makes the firewall harder to run or read. */
    LOW,
    /** Worth knowing; may be intended. */
    INFO;

    /** The lower-case name used in JSON, SARIF properties and on the command line. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether this severity is {@code other} or more severe. */
    public boolean atLeast(Severity other) {
        return ordinal() <= other.ordinal();
    }

    /** The severity called {@code text} ({@code high}, {@code medium}, {@code low}, {@code info}), case-insensitive. */
    public static Severity parse(String text) {
        for (Severity s : values()) {
            if (s.id().equalsIgnoreCase(text)) {
                return s;
            }
        }
        throw new IllegalArgumentException("severity must be high, medium, low or info, not '" + text + "'");
    }
}
