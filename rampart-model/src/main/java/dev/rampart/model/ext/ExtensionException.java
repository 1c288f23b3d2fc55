package dev.rampart.model.ext;

import dev.rampart.model.diag.DiagnosticCode;

/**
 * Thrown by an extension when its options are invalid. {@code at} is the offending option (null when
 * the problem is the extension as a whole, e.g. a missing required option); {@code onArgument} says
 * whether to point at the option's argument rather than the option name.
 */
public final class ExtensionException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient OptionUse at;
    private final boolean onArgument;
    private final String suggestion;
    private final DiagnosticCode code;

    public ExtensionException(DiagnosticCode code, String message, OptionUse at, boolean onArgument, String suggestion) {
        super(message, null, false, false);
        this.code = code;
        this.at = at;
        this.onArgument = onArgument;
        this.suggestion = suggestion;
    }

    /** A bad argument value of option {@code at}. */
    public static ExtensionException badValue(OptionUse at, String message) {
        return new ExtensionException(DiagnosticCode.INVALID_VALUE, message, at, true, null);
    }

    /** A bad argument value of option {@code at}, with a suggestion. */
    public static ExtensionException badValue(OptionUse at, String message, String suggestion) {
        return new ExtensionException(DiagnosticCode.INVALID_VALUE, message, at, true, suggestion);
    }

    /** A rule that the option parser accepts but the kernel or the extension's final check rejects. */
    public static ExtensionException constraint(OptionUse at, String message, String suggestion) {
        return new ExtensionException(DiagnosticCode.EXTENSION_CONSTRAINT, message, at, false, suggestion);
    }

    public OptionUse at() {
        return at;
    }

    public boolean onArgument() {
        return onArgument;
    }

    public String suggestion() {
        return suggestion;
    }

    public DiagnosticCode code() {
        return code;
    }
}
