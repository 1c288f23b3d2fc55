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
        java.util.concurrent.Future<Source> ahead = AHEAD.remove(arg);
        if (ahead != null) {
            try {
                return ahead.get();
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                // fall through: read again and report the error as usual
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return readFile(arg, stdin);
    }

    /**
     * Opens {@code arg} ({@code -} = stdin) for reading line by line as UTF-8, so a command can answer
     * each line as it arrives; throws {@link UsageException} as {@link #read} does. A file already read
     * ahead ({@link #prefetch}) is served from memory.
     */
    public static BufferedReader open(String arg, InputStream stdin) {
        java.util.concurrent.Future<Source> ahead = AHEAD.remove(arg);
        if (ahead != null) {
            try {
                return new BufferedReader(new StringReader(ahead.get().text()));
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (arg.equals("-")) {
            return new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
        }
        Path p = Path.of(arg);
        if (Files.isDirectory(p)) {
            throw new UsageException("'" + arg + "' is a directory; give a file");
        }
        try {
            return Files.newBufferedReader(p, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UsageException("cannot read '" + arg + "': no such file");
        } catch (IOException e) {
            throw new UsageException("cannot read '" + arg + "': " + e.getMessage());
        }
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
