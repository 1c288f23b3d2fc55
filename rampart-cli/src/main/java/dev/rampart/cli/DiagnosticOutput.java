package dev.rampart.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rampart.model.diag.Diagnostic;
import dev.rampart.model.diag.DiagnosticPrinter;
import java.io.PrintWriter;
import java.util.List;

/** Writes diagnostics as rendered text (with source line and caret) or as JSON objects. */
public final class DiagnosticOutput {
    /** Created on first use: building an ObjectMapper costs tens of milliseconds of start-up. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    /** The shared JSON mapper. */
    public static ObjectMapper json() {
        return Json.MAPPER;
    }

    private DiagnosticOutput() {
    }

    /** Renders each diagnostic for people. */
    public static void text(PrintWriter out, List<Diagnostic> diagnostics) {
        for (Diagnostic d : diagnostics) {
            out.print(DiagnosticPrinter.render(d));
        }
    }

    /** One JSON object per diagnostic in an array node. */
    public static ArrayNode json(List<Diagnostic> diagnostics) {
        ArrayNode arr = json().createArrayNode();
        for (Diagnostic d : diagnostics) {
            ObjectNode o = arr.addObject();
            o.put("file", d.file());
            o.put("line", d.line());
            o.put("column", d.column());
            o.put("severity", d.severity().label());
            o.put("code", d.code().id());
            o.put("message", d.message());
            if (d.suggestion() != null) {
                o.put("suggestion", d.suggestion());
            }
            if (d.sourceLine() != null) {
                o.put("source", d.sourceLine());
            }
        }
        return arr;
    }
}
