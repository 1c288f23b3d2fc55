package dev.rampart.host.probe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The filesystem root Rampart reads the host's files under: {@code /} normally, a directory holding a
 * fixture tree in tests ({@code --root DIR}). Every path in the host module is written as on the target
 * system ({@code /etc/os-release}) and resolved here, so no code reads the real {@code /etc} by accident.
 *
 * @param path the root directory
 */
public record HostRoot(Path path) {

    /** The real root, {@code /}. */
    public static final HostRoot SYSTEM = new HostRoot(Path.of("/"));

    public HostRoot {
        Objects.requireNonNull(path, "path");
    }

    /** {@code absolute} (a path as on the target system, e.g. {@code /etc/iptables/rules.v4}) under this root. */
    public Path resolve(String absolute) {
        String rel = absolute;
        while (rel.startsWith("/")) {
            rel = rel.substring(1);
        }
        return rel.isEmpty() ? path : path.resolve(rel);
    }

    /** Whether the file or directory exists. */
    public boolean exists(String absolute) {
        return Files.exists(resolve(absolute));
    }

    /** The file's text (UTF-8), or empty when it does not exist or cannot be read. */
    public Optional<String> read(String absolute) {
        Path p = resolve(absolute);
        if (!Files.isRegularFile(p)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(p, StandardCharsets.UTF_8));
        } catch (IOException | java.io.UncheckedIOException e) {
            return Optional.empty();
        }
    }

    /** The names in a directory (sorted), empty when it does not exist. */
    public List<String> list(String absoluteDir) {
        Path p = resolve(absoluteDir);
        if (!Files.isDirectory(p)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try (Stream<Path> s = Files.list(p)) {
            s.forEach(c -> names.add(c.getFileName().toString()));
        } catch (IOException | java.io.UncheckedIOException e) {
            return List.of();
        }
        names.sort(null);
        return names;
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
