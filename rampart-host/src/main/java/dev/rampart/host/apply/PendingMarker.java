package dev.rampart.host.apply;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.OptionalLong;

/**
 * {@code /run/rampart/pending}: the number of the entry that waits for confirmation (one line). It
 * lives under {@code /run} on purpose: after a reboot nothing is pending (the kernel's ruleset is gone
 * too, and what loads at boot is the persisted ruleset). Written and removed under the apply lock.
 */
final class PendingMarker {
    private final Path file;

    PendingMarker(RampartDirs dirs) {
        this.file = dirs.pendingFile();
    }

    /** The pending entry's id, if any. */
    OptionalLong read() throws IOException {
        try {
            String s = Files.readString(file, StandardCharsets.UTF_8).strip();
            return s.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(s));
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (NumberFormatException e) {
            throw new IOException(file + " does not hold an entry number: " + e.getMessage());
        }
    }

    void write(long id) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, id + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Removes the marker if it names {@code id}. */
    void clear(long id) throws IOException {
        OptionalLong cur = read();
        if (cur.isPresent() && cur.getAsLong() == id) {
            Files.deleteIfExists(file);
        }
    }
}
