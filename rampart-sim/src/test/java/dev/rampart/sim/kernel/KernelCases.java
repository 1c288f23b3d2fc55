package dev.rampart.sim.kernel;

import dev.rampart.model.Family;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Kernel test cases stored as files in a test-resource directory: {@code NAME.v4.rules} or
 * {@code NAME.v6.rules} (iptables-restore input), {@code NAME.packets.jsonl} (see {@link PacketLines}) and
 * optionally {@code NAME.ipset} ({@code ipset save} format).
 */
final class KernelCases {
    private KernelCases() {
    }

    /** Every case in classpath directory {@code dir}, sorted by name; {@code independent}: flush per packet. */
    static List<KernelDifferential.Case> load(String dir, boolean independent) {
        Path root;
        try {
            var url = KernelCases.class.getClassLoader().getResource(dir);
            if (url == null) {
                throw new IllegalStateException("test resource directory " + dir + " is missing");
            }
            root = Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<KernelDifferential.Case> cases = new ArrayList<>();
        try (Stream<Path> files = Files.list(root)) {
            for (Path rules : files.filter(p -> p.getFileName().toString().matches(".*\\.v[46]\\.rules")).sorted().toList()) {
                String file = rules.getFileName().toString();
                String name = file.substring(0, file.length() - ".v4.rules".length());
                Family family = file.endsWith(".v6.rules") ? Family.IPV6 : Family.IPV4;
                Path packets = root.resolve(name + ".packets.jsonl");
                Path ipsets = root.resolve(name + ".ipset");
                cases.add(new KernelDifferential.Case(dir + "/" + file, family, read(rules),
                        Files.exists(ipsets) ? read(ipsets) : null,
                        PacketLines.parse(read(packets), dir + "/" + name + ".packets.jsonl"), independent));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases;
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }
}
