package dev.rampart.host.history;

/**
 * What the pre-flight lock-out check said about an apply, as recorded in the manifest.
 *
 * @param result {@code safe}, {@code conditional} (accepted unless a rate limit fires), {@code blocked}
 *               or {@code not-checked}
 * @param forced whether {@code --force} overrode a {@code blocked} result
 * @param report the check's text report (empty when safe)
 */
public record LockoutVerdict(String result, boolean forced, String report) {
    public LockoutVerdict {
        report = report == null ? "" : report;
    }
}
