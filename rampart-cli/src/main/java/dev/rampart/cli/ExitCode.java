package dev.rampart.cli;

/** The exit codes every rampart command uses (documented in docs/exit-codes.md). */
public final class ExitCode {
    /** Success: input valid, nothing found. */
    public static final int OK = 0;
    /** Success, and the command found something to report (audit findings, diff differences). */
    public static final int FINDINGS = 1;
    /** The command line was wrong, or a named file could not be read. */
    public static final int USAGE = 2;
    /** The input (ruleset, script, policy) is invalid; diagnostics say where. */
    public static final int INVALID_INPUT = 3;
    /** A system command (iptables-save, ...) failed or is missing. */
    public static final int HOST_FAILURE = 4;
    /** A bug in Rampart. */
    public static final int INTERNAL = 70;

    private ExitCode() {
    }
}
