package dev.rampart.monitor.source;

import dev.rampart.host.HostException;
import dev.rampart.host.ProcessRunner;
import dev.rampart.host.StreamingProcess;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Follows the systemd journal through {@code journalctl -f -o json} (run by {@link StreamingProcess},
 * no shell), resuming after the saved cursor ({@code --after-cursor=C}); without a cursor it starts at
 * the journal's end ({@code -n 0}) or, with {@link FileFollower.Start#BEGINNING}, at its start
 * ({@code -n all}). {@code matches} are passed as they are (journalctl's {@code FIELD=value} terms,
 * {@code +} for OR).
 *
 * <p>A reader thread parses entries into a bounded queue ({@value #QUEUE_ENTRIES} entries: when the
 * daemon falls behind, journalctl blocks on its pipe rather than the daemon's memory growing);
 * {@link #poll} drains it. The checkpoint is the cursor of the last entry handed out — entries without a
 * message advance it too. When journalctl ends, {@link #poll} reports its exit status and standard error
 * once and restarts it from the current cursor, at most once per {@value #RESTART_MILLIS} ms; when it
 * ended because it could not seek to the cursor, the cursor is dropped and the restart begins as a first
 * start would ({@code -n 0}, or {@code -n all} with {@link FileFollower.Start#BEGINNING}).
 */
public final class JournalSource implements LogSource {
    /** Entries parsed ahead of the daemon at most. */
    public static final int QUEUE_ENTRIES = 8192;
    /** Least time between two starts of journalctl, in milliseconds. */
    public static final long RESTART_MILLIS = 5000;

    private record Item(JournalEntry entry, String cursor) {
    }

    private final ProcessRunner runner;
    private final List<String> program;
    private final List<String> matches;
    private final FileFollower.Start start;
    private BlockingQueue<Item> queue;
    private StreamingProcess process;
    private Thread reader;
    private String cursor;
    private long lastStart;

    /**
     * @param program the journalctl command ({@code [journalctl]}; tests give a recorded-journal stand-in
     *                that takes the same options)
     */
    public JournalSource(ProcessRunner runner, List<String> program, List<String> matches,
                         Checkpoint.JournalCheckpoint saved, FileFollower.Start start) {
        this.runner = runner;
        this.program = List.copyOf(program);
        this.matches = List.copyOf(matches);
        this.start = start;
        this.cursor = saved == null ? null : saved.cursor();
    }

    /** The command that resumes after {@code cursor} (null: none yet). */
    public List<String> command(String after) {
        List<String> c = new ArrayList<>(program);
        c.add("-f");
        c.add("-o");
        c.add("json");
        if (after != null) {
            c.add("--after-cursor=" + after);
        } else {
            c.add("-n");
            c.add(start == FileFollower.Start.BEGINNING ? "all" : "0");
        }
        c.addAll(matches);
        return c;
    }

    @Override
    public String name() {
        return "journal";
    }

    @Override
    public int poll(LineSink sink, int maxLines) throws IOException {
        if (process == null) {
            long now = System.currentTimeMillis();
            if (now - lastStart < RESTART_MILLIS && lastStart != 0) {
                return 0;
            }
            lastStart = now;
            startProcess();
        }
        int n = 0;
        Item item;
        while (n < maxLines && (item = queue.poll()) != null) {
            if (item.cursor() != null) {
                cursor = item.cursor();
            }
            if (item.entry() != null) {
                sink.accept(new SourceLine.Journal(item.entry()));
                n++;
            }
        }
        if (n == 0 && queue.isEmpty() && !reader.isAlive()) {
            StreamingProcess ended = process;
            process = null;
            ended.close();
            HostException e = ended.endedError();
            if (cursor != null && e.stderr().contains("cursor")) {
                // a cursor journalctl cannot seek to (corrupt, or from another machine's journal): without this
                // the daemon would retry the same failing command forever
                String bad = cursor;
                cursor = null;
                throw new IOException("journalctl ended: " + e.getMessage() + "; the saved cursor '" + bad
                        + "' is unusable, restarting " + (start == FileFollower.Start.BEGINNING ? "at the journal's"
                        + " start" : "at the journal's end"));
            }
            throw new IOException("journalctl ended: " + e.getMessage() + "; restarting it from the saved cursor");
        }
        return n;
    }

    private void startProcess() {
        queue = new ArrayBlockingQueue<>(QUEUE_ENTRIES);
        StreamingProcess p = StreamingProcess.start(runner, command(cursor));
        BlockingQueue<Item> q = queue;
        process = p;
        reader = new Thread(() -> {
            try {
                String line;
                while ((line = p.readLine()) != null) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JournalEntry e = JournalJson.parse(line);
                    q.put(new Item(e, e != null ? e.cursor() : JournalJson.cursorOf(line)));
                }
            } catch (IOException | InterruptedException e) {
                // process closed or daemon stopping
            }
        }, "rampart-journal");
        reader.setDaemon(true);
        reader.start();
    }

    @Override
    public Checkpoint checkpoint() {
        return new Checkpoint.JournalCheckpoint(cursor);
    }

    @Override
    public long lagBytes() {
        return -1;
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
            process = null;
        }
        if (reader != null) {
            reader.interrupt();
        }
    }
}
