package dev.rampart.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
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

    /** Files being read ahead of need, by the argument that names them. */
    private static final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.Future<Source>> AHEAD =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Starts reading, on a background thread, every argument that names a regular file, so that reading
     * a big ruleset overlaps with the start-up of the command line parser. {@link #read} then takes the
     * result; a file read this way but not used costs only the read.
     */
    public static void prefetch(String[] args) {
        for (String a : args) {
            if (a.startsWith("-") || AHEAD.containsKey(a)) {
                continue;
            }
            try {
                if (!Files.isRegularFile(Path.of(a))) {
                    continue;
                }
            } catch (RuntimeException e) {
                continue;
            }
            java.util.concurrent.FutureTask<Source> task = new java.util.concurrent.FutureTask<>(() -> readFile(a));
            Thread t = new Thread(task, "rampart-read-ahead");
            t.setDaemon(true);
            AHEAD.put(a, task);
            t.start();
        }
    }

    /** Reads {@code arg} ({@code -} = stdin) as UTF-8, or throws {@link UsageException}. */
    public static Source read(String arg, InputStream stdin) {
        Source ahead = takeAhead(arg);
        return ahead != null ? ahead : readFile(arg, stdin);
    }

    /**
     * Opens {@code arg} ({@code -} = stdin) for reading line by line as UTF-8, so a command can answer
     * each line as it arrives; throws {@link UsageException} as {@link #read} does. A file already read
     * ahead ({@link #prefetch}) is served from memory.
     */
    public static BufferedReader open(String arg, InputStream stdin) {
        Source ahead = takeAhead(arg);
        if (ahead != null) {
            return new BufferedReader(new StringReader(ahead.text()));
        }
        if (arg.equals("-")) {
            return new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
        }
        try {
            return Files.newBufferedReader(notADirectory(arg, "give a file"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw cannotRead(arg, e);
        }
    }

    /**
     * The text of {@code arg} if {@link #prefetch} read it ahead, else null (also when reading ahead
     * failed with an I/O error: the caller reads again and reports it as usual).
     */
    private static Source takeAhead(String arg) {
        java.util.concurrent.Future<Source> ahead = AHEAD.remove(arg);
        if (ahead == null) {
            return null;
        }
        try {
            return ahead.get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    private static Source readFile(String arg) {
        return readFile(arg, null);
    }

    private static Source readFile(String arg, InputStream stdin) {
        if (arg.equals("-")) {
            try {
                return new Source("<stdin>", new String(stdin.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UsageException("cannot read standard input: " + e.getMessage());
            }
        }
        try {
            byte[] bytes = Files.readAllBytes(notADirectory(arg, "give a ruleset file"));
            return new Source(arg, new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw cannotRead(arg, e);
        }
    }

    /** The path of {@code arg}; a usage error with {@code hint} when it names a directory. */
    private static Path notADirectory(String arg, String hint) {
        Path p = Path.of(arg);
        if (Files.isDirectory(p)) {
            throw new UsageException("'" + arg + "' is a directory; " + hint);
        }
        return p;
    }

    private static UsageException cannotRead(String arg, IOException e) {
        return new UsageException("cannot read '" + arg + "': "
                + (e instanceof NoSuchFileException ? "no such file" : e.getMessage()));
    }
}
