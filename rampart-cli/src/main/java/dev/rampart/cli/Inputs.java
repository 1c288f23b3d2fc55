package dev.rampart.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a command's input: a file path, or {@code -} for standard input. */
public final class Inputs {
    private Inputs() {
    }

    /** One input: the name used in diagnostics and its text. */
    public record Source(String name, String text) {
    }

    /** Reads {@code arg} ({@code -} = stdin) as UTF-8, or throws {@link UsageException}. */
    public static Source read(String arg, InputStream stdin) {
        if (arg.equals("-")) {
            try {
                return new Source("<stdin>", new String(stdin.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UsageException("cannot read standard input: " + e.getMessage());
            }
        }
        Path p = Path.of(arg);
        try {
            if (Files.isDirectory(p)) {
                throw new UsageException("'" + arg + "' is a directory; give a ruleset file");
            }
            byte[] bytes = Files.readAllBytes(p);
            return new Source(arg, new String(bytes, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new UsageException("cannot read '" + arg + "': no such file");
        } catch (IOException e) {
            throw new UsageException("cannot read '" + arg + "': " + e.getMessage());
        }
    }
}
