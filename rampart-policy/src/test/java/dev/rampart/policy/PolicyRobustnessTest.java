package dev.rampart.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.rampart.model.diag.Diagnostic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Damaged policies never make the compiler throw: every example policy, with seeded random edits (lines
 * dropped, duplicated or swapped, characters deleted or replaced), either compiles or gives diagnostics
 * that each point at a line of a file.
 */
class PolicyRobustnessTest {
    static final long SEED = 7;
    static final int EDITS_PER_EXAMPLE = 150;
    static final String NOISE = " :-[]{},#\"'0123456789./!&*|>~\t\nabcdefxyz";

    @Test
    void damagedPoliciesGiveDiagnosticsNotExceptions() throws IOException {
        Random rnd = new Random(SEED);
        ServiceTable services = ServiceTable.builtinOnly();
        for (Path p : Examples.all()) {
            if (p.getFileName().toString().startsWith("large")) {
                continue; // same shape as webserver, and its list file makes each try slow
            }
            String original = Files.readString(p);
            for (int i = 0; i < EDITS_PER_EXAMPLE; i++) {
                String damaged = damage(original, rnd);
                PolicyCompiler.Result[] r = new PolicyCompiler.Result[1];
                assertThatCode(() -> r[0] = new PolicyCompiler(services).compileString(damaged, p.toString()))
                        .as("policy:\n" + damaged).doesNotThrowAnyException();
                if (!r[0].ok()) {
                    assertThat(r[0].diagnostics()).isNotEmpty();
                    for (Diagnostic d : r[0].diagnostics()) {
                        assertThat(d.line()).as(d.headline() + "\npolicy:\n" + damaged).isPositive();
                    }
                }
            }
        }
    }

    static String damage(String text, Random rnd) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        int edits = 1 + rnd.nextInt(3);
        for (int e = 0; e < edits && !lines.isEmpty(); e++) {
            int i = rnd.nextInt(lines.size());
            switch (rnd.nextInt(5)) {
                case 0 -> lines.remove(i);
                case 1 -> lines.add(i, lines.get(i));
                case 2 -> {
                    int j = rnd.nextInt(lines.size());
                    String t = lines.get(i);
                    lines.set(i, lines.get(j));
                    lines.set(j, t);
                }
                case 3 -> {
                    String l = lines.get(i);
                    if (!l.isEmpty()) {
                        int c = rnd.nextInt(l.length());
                        lines.set(i, l.substring(0, c) + l.substring(c + 1));
                    }
                }
                default -> {
                    String l = lines.get(i);
                    int c = l.isEmpty() ? 0 : rnd.nextInt(l.length());
                    char n = NOISE.charAt(rnd.nextInt(NOISE.length()));
                    lines.set(i, l.substring(0, c) + n + (l.isEmpty() ? "" : l.substring(c + 1)));
                }
            }
        }
        return String.join("\n", lines);
    }
}
