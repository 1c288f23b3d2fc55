package dev.rampart.host.apply;

import dev.rampart.host.HostException;
import dev.rampart.host.LiveRuleset;
import dev.rampart.host.ProcessResult;
import dev.rampart.host.ProcessRunner;
import dev.rampart.model.Family;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * An {@code iptables-restore} started before the pre-flight verdict and held before its first
 * {@code COMMIT}, so that the tool's own parsing of a big ruleset overlaps with Rampart's parse and
 * lock-out check instead of following them.
 *
 * <p>Design: {@code iptables-restore} reads its input line by line and changes the kernel only when
 * it reads a table's {@code COMMIT} line (each table is committed on its own — observed with iptables
 * 1.8.9, nf_tables). The input is fed with its largest table first (tables are independent, so their
 * order does not change the result), and everything up to that table's {@code COMMIT} line is written
 * at once; the tool parses it and then waits for more input. {@link #release()} writes the rest;
 * {@link #abort()} kills the tool before it has read a {@code COMMIT}, so the kernel is untouched.
 * Line numbers in the tool's error messages refer to the reordered input and are mapped back to the
 * admin's file.
 */
final class HeldRestore {
    private final Family family;
    private final String source;
    private final String text;
    /** The text as fed: {@link #text}, with a final newline added when it had none. */
    private final String input;
    /** The pieces of {@link #input} in feed order; those before {@link #heldAfter} go before the hold. */
    private final List<Piece> pieces;
    private final int heldAfter;
    private final CompletableFuture<Boolean> gate = new CompletableFuture<>();
    private final CompletableFuture<Object> result = new CompletableFuture<>();

    /** Lines {@code [fromLine, toLine)} (1-based) of the input, at chars {@code [from, to)}. */
    private record Piece(int from, int to, int fromLine, int toLine) {
    }

    /** A table: its {@code *name} line and its {@code COMMIT} line (char offsets and line numbers), and its end. */
    private record TableSpan(int start, int startLine, int commit, int commitLine, int end) {
    }

    private HeldRestore(Family family, String source, String text, String input, List<Piece> pieces, int heldAfter) {
        this.family = family;
        this.source = source;
        this.text = text;
        this.input = input;
        this.pieces = pieces;
        this.heldAfter = heldAfter;
    }

    /**
     * Starts {@code iptables-restore} (or ip6tables-restore) for {@code text} and feeds it up to the
     * held point; null when the text has no table with a {@code COMMIT} line to hold at (the caller
     * then loads it the ordinary way).
     *
     * <p>This runs before the tool can start, on a ruleset that may be 50 MB, so the text is scanned
     * once for its table boundaries and nothing is copied here: the feeding thread encodes the text
     * while the tool starts and writes the pieces in feed order; the fed text and its line map are
     * built only to report a rejection.
     */
    static HeldRestore start(ProcessRunner runner, Family family, String text, String source) {
        String input = text.isEmpty() || text.charAt(text.length() - 1) == '\n' ? text : text + "\n";
        List<TableSpan> tables = new ArrayList<>();
        int open = -1;
        int openLine = 0;
        int line = 1;
        for (int pos = 0; pos < input.length(); line++) {
            int end = input.indexOf('\n', pos) + 1;
            if (input.charAt(pos) == '*') {
                open = pos;
                openLine = line;
            } else if (open >= 0 && isCommit(input, pos, end - 1)) {
                tables.add(new TableSpan(open, openLine, pos, line, end));
                open = -1;
            }
            pos = end;
        }
        int lines = line; // one past the last line
        if (tables.isEmpty() || open >= 0) {
            return null;
        }
        TableSpan big = tables.get(0);
        for (TableSpan t : tables) {
            if (t.commitLine() - t.startLine() > big.commitLine() - big.startLine()) {
                big = t;
            }
        }
        // feed order: lines before the first table, the biggest table (its COMMIT held back), then the
        // other tables and the trailing lines in their original order
        TableSpan first = tables.get(0);
        TableSpan last = tables.get(tables.size() - 1);
        List<Piece> pieces = new ArrayList<>();
        pieces.add(new Piece(0, first.start(), 1, first.startLine()));
        pieces.add(new Piece(big.start(), big.commit(), big.startLine(), big.commitLine()));
        int heldAfter = pieces.size();
        pieces.add(new Piece(big.commit(), big.end(), big.commitLine(), big.commitLine() + 1));
        for (TableSpan t : tables) {
            if (t != big) {
                pieces.add(new Piece(t.start(), t.end(), t.startLine(), t.commitLine() + 1));
            }
        }
        pieces.add(new Piece(last.end(), input.length(), last.commitLine() + 1, lines));
        HeldRestore h = new HeldRestore(family, source, text, input, List.copyOf(pieces), heldAfter);
        ProcessRunner.StdinFeed feed = os -> {
            // one bulk encoding (String's fast path for ASCII text) while the tool starts up; a
            // streaming encoder would take a CPU-bound share of the second CPU for as long as the tool
            // reads, and the tool waits whenever the feeder is not scheduled
            byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
            boolean ascii = bytes.length == input.length();
            h.write(os, bytes, ascii, 0, heldAfter);
            os.flush();
            boolean go;
            try {
                go = h.gate.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                go = false;
            } catch (java.util.concurrent.ExecutionException e) {
                go = false;
            }
            if (!go) {
                throw new ProcessRunner.StdinFeed.Abort("not applied");
            }
            h.write(os, bytes, ascii, heldAfter, h.pieces.size());
            os.flush();
        };
        Thread t = new Thread(() -> {
            try {
                h.result.complete(runner.runFed(List.of("nice", "-n", Integer.toString(TOOL_NICENESS),
                        LiveRuleset.restoreCommand(family)), feed));
            } catch (RuntimeException e) {
                h.result.complete(e);
            }
        }, "rampart-held-" + LiveRuleset.restoreCommand(family));
        t.setDaemon(true);
        t.start();
        return h;
    }

    /**
     * The tool's niceness: it runs ahead of Rampart's own pre-flight (parsing, the lock-out check, the
     * history entry, the watcher's start), which shares the machine with it while it parses. Measured on
     * two CPUs at equal priority, the tool got about 74% of a CPU until the verdict, which made the whole
     * apply 7–10% slower than the tool alone; a higher priority lets it keep its CPU. Only root may raise
     * it ({@code nice} runs the tool at the normal priority otherwise, with a warning on its stderr).
     */
    static final int TOOL_NICENESS = -5;

    /**
     * Writes pieces {@code [fromPiece, toPiece)}: straight from {@code bytes} when the input is ASCII
     * (char and byte offsets agree), else each piece encoded on its own.
     */
    private void write(OutputStream os, byte[] bytes, boolean ascii, int fromPiece, int toPiece) throws IOException {
        for (int i = fromPiece; i < toPiece; i++) {
            Piece p = pieces.get(i);
            if (ascii) {
                os.write(bytes, p.from(), p.to() - p.from());
            } else {
                os.write(input.substring(p.from(), p.to()).getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /** Whether chars {@code [from, to)} of {@code text} are a {@code COMMIT} line (blanks around it allowed). */
    private static boolean isCommit(String text, int from, int to) {
        while (from < to && Character.isWhitespace(text.charAt(from))) {
            from++;
        }
        while (to > from && Character.isWhitespace(text.charAt(to - 1))) {
            to--;
        }
        return to - from == 6 && text.startsWith("COMMIT", from);
    }

    /**
     * Lets the tool read the rest and commit; waits for it.
     *
     * @throws ApplyException REJECTED with the tool's message and the failing line of the admin's file
     */
    void release() {
        gate.complete(true);
        Object r = result.join();
        if (r instanceof ProcessResult pr && pr.succeeded()) {
            return;
        }
        HostException e = r instanceof HostException he ? he
                : r instanceof ProcessResult pr ? failed(pr) : null;
        if (e == null) {
            throw (RuntimeException) r;
        }
        throw new ApplyException(ApplyException.Problem.REJECTED, KernelText.rejection(
                LiveRuleset.restoreCommand(family) + " input " + source, source, input, new Origins(), e), e);
    }

    /**
     * Line {@code i + 1} of the fed input as {@code SOURCE:N: TEXT}, N its line in the admin's file (the
     * tool's line numbers count the fed order); computed for the one line a rejection quotes.
     */
    private final class Origins extends java.util.AbstractList<String> {
        @Override
        public String get(int index) {
            int fed = index;
            for (Piece p : pieces) {
                int count = p.toLine() - p.fromLine();
                if (fed < count) {
                    int n = p.fromLine() + fed;
                    return source + ":" + n + ": " + KernelText.line(text, n);
                }
                fed -= count;
            }
            throw new IndexOutOfBoundsException(index);
        }

        @Override
        public int size() {
            int n = 0;
            for (Piece p : pieces) {
                n += p.toLine() - p.fromLine();
            }
            return n;
        }
    }

    /** Kills the tool before it commits anything (no effect after {@link #release()}). */
    void abort() {
        if (gate.complete(false)) {
            result.join();
        }
    }

    private static HostException failed(ProcessResult pr) {
        try {
            pr.requireSuccess();
            return null;
        } catch (HostException e) {
            return e;
        }
    }
}
