package dev.rampart.host.apply;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * An exclusive lock on a file ({@code fcntl} record lock through {@link FileChannel#tryLock()}), held
 * by one process at a time: applies, confirms, rollbacks and the rollback watcher take it before they
 * read or change the firewall or the pending entry, so they never interleave. The kernel releases the
 * lock when the holding process dies, so a killed apply never leaves a stale lock behind.
 *
 * <p>Within one JVM the lock is also exclusive (a second {@link #acquire} waits as another process
 * would).
 */
public final class ApplyLock implements AutoCloseable {
    /** How often a waiting {@link #acquire} retries, in milliseconds. */
    static final long POLL_MILLIS = 50;

    private final FileChannel channel;
    private final FileLock lock;

    private ApplyLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock on {@code file} (created with its directories if missing), waiting up to
     * {@code wait} (zero: one try).
     *
     * @return the held lock, or null when another holder kept it for the whole wait
     * @throws IOException when the file cannot be created or opened
     */
    public static ApplyLock acquire(Path file, Duration wait) throws IOException {
        Files.createDirectories(file.getParent());
        long deadline = System.nanoTime() + wait.toNanos();
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            while (true) {
                FileLock l = tryLock(ch);
                if (l != null) {
                    return new ApplyLock(ch, l);
                }
                if (System.nanoTime() >= deadline) {
                    ch.close();
                    return null;
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            ch.close();
            Thread.currentThread().interrupt();
            return null;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static FileLock tryLock(FileChannel ch) throws IOException {
        try {
            return ch.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // held by this JVM
        }
    }

    /** Releases the lock. */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing more to do
        }
    }
}
