package dev.rampart.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;

/** The example policies in {@code examples/policy/}, compiled with the built-in service table. */
final class Examples {
    private Examples() {
    }

    static Path dir() {
        return Paths.get("../examples/policy").toAbsolutePath().normalize();
    }

    /** Every example policy (not the fragments in common/). */
    static List<Path> all() throws IOException {
        try (Stream<Path> s = Files.list(dir())) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    static String name(Path policy) {
        String f = policy.getFileName().toString();
        return f.substring(0, f.length() - ".yaml".length());
    }

    /** Compiles {@code policy}, failing the test on any diagnostic. */
    static PolicyCompiler.Output compile(Path policy) throws IOException {
        PolicyCompiler.Result r = new PolicyCompiler(ServiceTable.builtinOnly()).compile(policy,
                "examples/policy/" + policy.getFileName());
        if (!r.ok()) {
            StringBuilder sb = new StringBuilder();
            r.diagnostics().forEach(d -> sb.append(dev.rampart.model.diag.DiagnosticPrinter.render(d)));
            throw new AssertionError("example " + policy + " does not compile:\n" + sb);
        }
        return r.output();
    }
}
