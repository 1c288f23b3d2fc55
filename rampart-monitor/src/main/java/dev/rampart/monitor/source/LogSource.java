package dev.rampart.monitor.source;

import java.io.IOException;

/**
 * A log being followed: a file ({@link FileFollower}) or the journal ({@link JournalSource}).
 * {@link #poll} hands the lines available now to a sink, in order, and {@link #checkpoint()} then says
 * where reading stands: just after the last line handed out. The daemon stores that checkpoint in the
 * same transaction as the effects of those lines, and gives it back to the source's constructor after a
 * restart, so no line is read twice or skipped. Used by one thread.
 */
public interface LogSource extends AutoCloseable {

    /** The name used in metrics and checkpoints: the file path, or {@code journal}. */
    String name();

    /**
     * Delivers up to {@code maxLines} lines that are available now (never blocks waiting for more); the
     * number delivered.
     *
     * @throws IOException when the source cannot be read (the daemon reports it and retries later)
     */
    int poll(LineSink sink, int maxLines) throws IOException;

    /** Where reading stands after the last line delivered. */
    Checkpoint checkpoint();

    /** Bytes (files) written but not yet read, or -1 when unknown (the journal). */
    long lagBytes();

    @Override
    void close();
}
