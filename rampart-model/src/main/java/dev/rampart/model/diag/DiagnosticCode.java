package dev.rampart.model.diag;

/**
 * Every diagnostic Rampart's readers can produce. The id is stable and documented in
 * {@code docs/diagnostics.md}; the severity is the default one.
 */
public enum DiagnosticCode {
    // E1xx: lines and tokens
    UNTERMINATED_QUOTE("E101", Severity.ERROR),
    PARAMETER_TOO_LONG("E102", Severity.ERROR),
    TOO_MANY_ARGUMENTS("E103", Severity.ERROR),
    UNEXPECTED_LINE("E104", Severity.ERROR),
    TABLE_NOT_COMMITTED("E105", Severity.ERROR),
    OUTSIDE_TABLE("E106", Severity.ERROR),
    UNSUPPORTED_COMMAND("E107", Severity.ERROR),
    // E2xx: rule options
    UNKNOWN_OPTION("E201", Severity.ERROR),
    MISSING_ARGUMENT("E202", Severity.ERROR),
    INVALID_ADDRESS("E203", Severity.ERROR),
    INVALID_INTERFACE("E204", Severity.ERROR),
    UNKNOWN_PROTOCOL("E205", Severity.ERROR),
    DUPLICATE_OPTION("E206", Severity.ERROR),
    CANNOT_INVERT("E207", Severity.ERROR),
    INVALID_COUNTERS("E208", Severity.ERROR),
    UNEXPECTED_ARGUMENT("E209", Severity.ERROR),
    WRONG_FAMILY("E210", Severity.ERROR),
    // E3xx: match and target extensions
    UNKNOWN_MATCH("E301", Severity.ERROR),
    INVALID_VALUE("E302", Severity.ERROR),
    EXTENSION_CONSTRAINT("E303", Severity.ERROR),
    UNKNOWN_TARGET("E304", Severity.ERROR),
    // E4xx: tables, chains, policies
    UNKNOWN_TABLE("E401", Severity.ERROR),
    UNKNOWN_CHAIN("E402", Severity.ERROR),
    CHAIN_EXISTS("E403", Severity.ERROR),
    INVALID_POLICY("E404", Severity.ERROR),
    BUILTIN_CHAIN("E405", Severity.ERROR),
    RULE_NOT_FOUND("E406", Severity.ERROR),
    CHAIN_IN_USE("E407", Severity.ERROR),
    // E5xx: ipset
    UNKNOWN_SET_TYPE("E501", Severity.ERROR),
    UNKNOWN_SET("E502", Severity.ERROR),
    SET_EXISTS("E503", Severity.ERROR),
    INVALID_SET_ELEMENT("E504", Severity.ERROR),
    SET_ENTRY_EXISTS("E505", Severity.ERROR),
    SET_ENTRY_MISSING("E506", Severity.ERROR),
    SET_IN_USE("E507", Severity.ERROR),
    SET_FULL("E508", Severity.ERROR),
    SET_INCOMPATIBLE("E509", Severity.ERROR),
    // E6xx: host policies (rampart compile)
    POLICY_SYNTAX("E601", Severity.ERROR),
    UNKNOWN_KEY("E602", Severity.ERROR),
    WRONG_TYPE("E603", Severity.ERROR),
    MISSING_KEY("E604", Severity.ERROR),
    INVALID_PORT("E605", Severity.ERROR),
    UNKNOWN_SERVICE("E606", Severity.ERROR),
    UNKNOWN_NAME("E607", Severity.ERROR),
    CONTRADICTION("E608", Severity.ERROR),
    INCLUDE_FAILED("E609", Severity.ERROR),
    // W: accepted, but worth knowing
    CRLF_LINE_ENDINGS("W101", Severity.WARNING),
    SKIPPED_TEXT("W102", Severity.WARNING),
    OLD_NEGATION("W103", Severity.WARNING),
    ANONYMISED_VALUE("W202", Severity.WARNING),
    UNKNOWN_MATCH_KEPT("W301", Severity.WARNING),
    UNKNOWN_TARGET_KEPT("W302", Severity.WARNING),
    SKIPPED_SHELL_LINE("W401", Severity.WARNING),
    UNKNOWN_SET_TYPE_KEPT("W501", Severity.WARNING);

    private final String id;
    private final Severity severity;

    DiagnosticCode(String id, Severity severity) {
        this.id = id;
        this.severity = severity;
    }

    /** The stable code printed in brackets, e.g. {@code E201}. */
    public String id() {
        return id;
    }

    /** Default severity of this code. */
    public Severity severity() {
        return severity;
    }
}
