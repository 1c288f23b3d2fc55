package dev.rampart.host.apply;

import dev.rampart.host.HostException;
import dev.rampart.host.LiveRuleset;
import dev.rampart.host.ProcessResult;
import dev.rampart.host.ProcessRunner;
import dev.rampart.model.Family;
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
    private final int[] fedToOriginal;
    private final CompletableFuture<Boolean> gate = new CompletableFuture<>();
    private final CompletableFuture<Object> result = new CompletableFuture<>();
    private final String fedText;

    private HeldRestore(Family family, String source, String text, String fedText, int[] fedToOriginal) {
        this.family = family;
        this.source = source;
        this.text = text;
        this.fedText = fedText;
        this.fedToOriginal = fedToOriginal;
    }

    /**
     * Starts {@code iptables-restore} (or ip6tables-restore) for {@code text} and feeds it up to the
     * held point; null when the text has no table with a {@code COMMIT} line to hold at (the caller
     * then loads it the ordinary way).
     */
    static HeldRestore start(ProcessRunner runner, Family family, String text, String source) {
        String[] lines = text.split("\n", -1);
        List<int[]> tables = new ArrayList<>(); // [firstLine, commitLine] (0-based, inclusive)
        int open = -1;
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            if (l.startsWith("*")) {
                open = i;
            } else if (open >= 0 && l.strip().equals("COMMIT")) {
                tables.add(new int[] {open, i});
                open = -1;
            }
        }
        if (tables.isEmpty() || open >= 0) {
            return null;
        }
        int[] big = tables.get(0);
        for (int[] t : tables) {
            if (t[1] - t[0] > big[1] - big[0]) {
                big = t;
            }
        }
        // feed order: lines before the first table, the biggest table (its COMMIT held back), then the
        // other tables and the trailing lines in their original order
        List<int[]> ranges = new ArrayList<>();
        ranges.add(new int[] {0, tables.get(0)[0]});
        ranges.add(new int[] {big[0], big[1]});
        int heldAfterRanges = ranges.size();
        ranges.add(new int[] {big[1], big[1] + 1});
        for (int[] t : tables) {
            if (t != big) {
                ranges.add(new int[] {t[0], t[1] + 1});
            }
        }
        int last = tables.get(tables.size() - 1)[1] + 1;
        ranges.add(new int[] {last, lines.length});
        int[] map = new int[lines.length + 1];
        StringBuilder first = new StringBuilder(text.length());
        StringBuilder rest = new StringBuilder();
        int fed = 0;
        for (int r = 0; r < ranges.size(); r++) {
            StringBuilder sb = r < heldAfterRanges ? first : rest;
            for (int i = ranges.get(r)[0]; i < ranges.get(r)[1]; i++) {
                if (i == lines.length - 1 && lines[i].isEmpty()) {
                    continue; // the split's empty piece after a final newline
                }
                sb.append(lines[i]).append('\n');
                map[fed++] = i + 1;
            }
        }
        byte[] part1 = first.toString().getBytes(StandardCharsets.UTF_8);
        byte[] part2 = rest.toString().getBytes(StandardCharsets.UTF_8);
        HeldRestore h = new HeldRestore(family, source, text, first.toString() + rest, java.util.Arrays.copyOf(map, fed));
        ProcessRunner.StdinFeed feed = os -> {
            os.write(part1);
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
            os.write(part2);
        };
        Thread t = new Thread(() -> {
            try {
                h.result.complete(runner.runFed(List.of(LiveRuleset.restoreCommand(family)), feed));
            } catch (RuntimeException e) {
                h.result.complete(e);
            }
        }, "rampart-held-" + LiveRuleset.restoreCommand(family));
        t.setDaemon(true);
        t.start();
        return h;
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
        List<String> origins = new ArrayList<>(fedToOriginal.length);
        for (int n : fedToOriginal) {
            origins.add(source + ":" + n + ": " + KernelText.line(text, n));
        }
        throw new ApplyException(ApplyException.Problem.REJECTED, KernelText.rejection(
                LiveRuleset.restoreCommand(family) + " input " + source, source, fedText, origins, e), e);
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
