package dev.rampart.bench;

import dev.rampart.model.Family;
import dev.rampart.model.diag.Diagnostic;
import dev.rampart.model.diag.DiagnosticCode;
import dev.rampart.model.parse.RestoreParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Whole-process stand-in for {@code rampart check FILE} until the CLI exists: reads an iptables-save
 * file, parses it with {@link RestoreParser} (IPv4, or IPv6 with {@code -6}) and prints the rule count,
 * the error and warning counts and the count of each diagnostic code. Exit status 0 when there is no
 * error, 3 when there is one (the CLI's "invalid input"), 2 on a usage error.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.rampart.bench.CheckMain [-6] FILE}
 */
public final class CheckMain {
    private CheckMain() {
    }

    public static void main(String[] args) throws IOException {
        Family family = Family.IPV4;
        String file = null;
        for (String a : args) {
            if (a.equals("-6")) {
                family = Family.IPV6;
            } else if (file == null && !a.startsWith("-")) {
                file = a;
            } else {
                System.err.println("usage: CheckMain [-6] FILE");
                System.exit(2);
            }
        }
        if (file == null) {
            System.err.println("usage: CheckMain [-6] FILE");
            System.exit(2);
        }
        String text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
        RestoreParser.Result r = new RestoreParser(family).parse(text, file);
        Map<DiagnosticCode, Integer> byCode = new TreeMap<>();
        int warnings = 0;
        for (Diagnostic d : r.diagnostics().all()) {
            byCode.merge(d.code(), 1, Integer::sum);
            if (!d.isError()) {
                warnings++;
            }
        }
        System.out.println(file + ": " + r.ruleset().ruleCount() + " rules, " + r.diagnostics().errorCount()
                + " errors, " + warnings + " warnings");
        byCode.forEach((code, n) -> System.out.println("  " + code.id() + " " + n));
        System.exit(r.diagnostics().hasErrors() ? 3 : 0);
    }
}
