package dev.rampart.model.ext;

import dev.rampart.model.diag.DiagnosticCode;

/**
 * Where an extension reports something that does not make a rule invalid but is worth knowing (a value
 * kept verbatim, an anonymised address). The parser turns each warning into a diagnostic at the option.
 */
public interface ExtensionWarnings {
    /** Reports {@code code} at option {@code at} (its argument when {@code onArgument}). */
    void warn(DiagnosticCode code, OptionUse at, boolean onArgument, String message, String hint);
}
