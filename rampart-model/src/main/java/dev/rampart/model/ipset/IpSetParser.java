package dev.rampart.model.ipset;

import dev.rampart.model.diag.DiagnosticCode;
import dev.rampart.model.diag.Diagnostics;
import dev.rampart.model.parse.LineReporter;
import dev.rampart.model.parse.ShellWords;
import dev.rampart.model.parse.Tokens;

/**
 * Reads {@code ipset save} output (the input of {@code ipset restore}): one command per line,
 * {@code create NAME TYPE [options]} and {@code add NAME ELEMENT [options]}, also {@code del flush
 * destroy rename swap}, {@code #} comments, blank lines, and {@code COMMIT}/{@code quit} (ignored).
 * Words are split as a shell does (so {@code comment "two words"} is one value). Every problem becomes
 * a diagnostic with line and column; reading continues with the next line, so one bad line costs one
 * command, not the file. CRLF line endings are accepted.
 */
public final class IpSetParser {

    /** The sets read and the diagnostics found. */
    public record Result(IpSets sets, Diagnostics diagnostics) {
    }

    /** Parses {@code text}, naming it {@code file} in diagnostics. */
    public Result parse(String text, String file) {
        Diagnostics diags = new Diagnostics(file);
        IpSetsBuilder builder = new IpSetsBuilder();
        parseInto(text, builder, new LineReporter(diags));
        return new Result(builder.build(), diags);
    }

    /** Reads {@code text} into an existing builder (used when a script pipes a file into ipset restore). */
    public void parseInto(String text, IpSetsBuilder builder, LineReporter rep) {
        IpSetCommands commands = new IpSetCommands(builder);
        Tokens tokens = new Tokens();
        int pos = text.startsWith("\uFEFF") ? 1 : 0;
        int lineNo = 0;
        int len = text.length();
        while (pos < len) {
            int nl = text.indexOf('\n', pos);
            int end = nl < 0 ? len : nl;
            lineNo++;
            int contentEnd = end > pos && text.charAt(end - 1) == '\r' ? end - 1 : end;
            String line = text.substring(pos, contentEnd);
            pos = end + 1;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.equals("COMMIT") || trimmed.equals("quit")) {
                continue;
            }
            rep.at(lineNo, line);
            ShellWords.Problem p = ShellWords.split(line, tokens);
            if (p != null) {
                rep.report(DiagnosticCode.UNTERMINATED_QUOTE, p.column(), 1, p.message(), "close the quote");
                continue;
            }
            IpSetCommands.Outcome o = commands.run(tokens, 0, rep, true);
            if (o == IpSetCommands.Outcome.NO_COMMAND) {
                rep.report(DiagnosticCode.UNEXPECTED_LINE, tokens.column(0), tokens.get(0).length(),
                        "expected an ipset command such as 'create NAME TYPE' or 'add NAME ELEMENT'", null);
            }
        }
    }
}
