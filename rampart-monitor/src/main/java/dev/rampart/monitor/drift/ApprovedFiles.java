package dev.rampart.monitor.drift;

import dev.rampart.model.Family;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * An {@link ApprovedState} read from plain files: explicit paths per part, or a directory holding
 * {@code rules.v4}, {@code rules.v6} and {@code ipsets} (each optional; a missing file means that part
 * is not approved and is not compared). Files are read when asked for, so a daemon sees the current
 * content on each check.
 *
 * @param id    what reports call this state (the directory or the v4 file)
 * @param v4    the IPv4 ruleset file, or null
 * @param v6    the IPv6 ruleset file, or null
 * @param sets  the ipset file, or null
 */
public record ApprovedFiles(String id, Path v4, Path v6, Path sets) implements ApprovedState {

    /** File name of the IPv4 rules inside an approved directory (as in {@code /etc/iptables/}). */
    public static final String RULES_V4 = "rules.v4";
    /** File name of the IPv6 rules inside an approved directory. */
    public static final String RULES_V6 = "rules.v6";
    /** File name of the ipsets inside an approved directory. */
    public static final String IPSETS = "ipsets";

    /**
     * The files of directory {@code dir} that exist. Throws {@link IllegalArgumentException} when the
     * directory does not exist or holds none of the three files.
     */
    public static ApprovedFiles directory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("approved state directory '" + dir + "' does not exist");
        }
        Path v4 = existing(dir.resolve(RULES_V4));
        Path v6 = existing(dir.resolve(RULES_V6));
        Path sets = existing(dir.resolve(IPSETS));
        if (v4 == null && v6 == null && sets == null) {
            throw new IllegalArgumentException("approved state directory '" + dir + "' holds none of "
                    + RULES_V4 + ", " + RULES_V6 + ", " + IPSETS);
        }
        return new ApprovedFiles(dir.toString(), v4, v6, sets);
    }

    private static Path existing(Path p) {
        return Files.isRegularFile(p) ? p : null;
    }

    @Override
    public Optional<SourceText> ruleset(Family family) {
        return read(family == Family.IPV4 ? v4 : v6);
    }

    @Override
    public Optional<SourceText> ipsets() {
        return read(sets);
    }

    private static Optional<SourceText> read(Path p) {
        if (p == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new SourceText(p.toString(), Files.readString(p, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read approved file '" + p + "': " + e.getMessage(), e);
        }
    }
}
