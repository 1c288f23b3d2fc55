package dev.rampart.model.conformance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads iptables' {@code .t} test files (format in {@code ../shared/README.md}) into vectors for the nft
 * backend: a {@code LEGACY} variant gives its ALTRESULT (or the opposite result) to nft; an {@code NFT}
 * variant applies as written.
 */
final class TVectorFile {
    private TVectorFile() {
    }

    static List<TVector> read(Path path) throws IOException {
        String file = path.getFileName().toString();
        List<String> lines = Files.readAllLines(path);
        List<TVector> out = new ArrayList<>();
        String table = "filter";
        List<String> chains = List.of("INPUT");
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#") || line.startsWith("@") || line.startsWith("%")) {
                continue;
            }
            if (line.startsWith(":")) {
                chains = List.of(line.substring(1).trim().split(","));
                continue;
            }
            if (line.startsWith("*")) {
                table = line.substring(1).trim();
                continue;
            }
            String[] f = line.split(";", -1);
            if (f.length < 3) {
                continue;
            }
            String rule = f[0];
            String save = f[1];
            String result = f[2].trim();
            if (f.length > 3 && !f[3].isBlank()) {
                String variant = f[3].trim();
                if (variant.equals("LEGACY")) {
                    if (f.length > 4 && !f[4].isBlank()) {
                        result = f[4].trim();
                    } else {
                        result = result.equals("OK") ? "FAIL" : "OK";
                    }
                }
            }
            TVector.Expect expect;
            if (result.equals("=")) {
                expect = TVector.Expect.OK;
                save = rule;
            } else {
                expect = TVector.Expect.valueOf(result);
            }
            String expected = save.equals("=") || save.isEmpty() ? rule : save;
            out.add(new TVector(file, i + 1, table, chains, rule.trim(), expected.trim(), expect));
        }
        return out;
    }
}
