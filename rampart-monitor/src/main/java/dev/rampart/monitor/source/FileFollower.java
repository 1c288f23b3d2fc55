package dev.rampart.monitor.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Follows a log file as {@code tail -F} does, across both kinds of rotation, delivering complete lines
 * only (a line is delivered once its {@code \n} is written; a trailing {@code \r} is dropped).
 *
 * <ul>
 *   <li><b>rename</b> (logrotate's default, {@code create}): when the path names a new inode, the old file
 *       (still open) is read to its end — a last line without {@code \n} included — and the new file is
 *       read from its start;</li>
 *   <li><b>copytruncate</b>: when the file's size drops below the read offset, reading restarts at 0
 *       (lines written between logrotate's copy and its truncation are lost: logrotate's own caveat);</li>
 *   <li>the path missing (between rotation and re-creation): the old file is drained and the path is
 *       watched until it appears.</li>
 * </ul>
 *
 * <p>Resuming from a {@link Checkpoint.FileCheckpoint}: when the path still names the checkpoint's inode
 * and its first bytes still match the fingerprint, reading resumes at the offset (at 0 when the file is
 * now shorter: copytruncate while the daemon was down). When the path names another file (rotated while
 * the daemon was down), the directory is searched for the old inode (e.g. {@code auth.log.1}); if found
 * with a matching fingerprint, it is read from the offset to its end first, then the new file from 0.
 * Design: the fingerprint guards against inode reuse (a deleted file's inode given to a new file);
 * {@link #FINGERPRINT_BYTES} bytes are enough because every syslog line starts with a time stamp.
 *
 * <p>Not thread-safe; {@link #poll} never blocks.
 */
public final class FileFollower implements LogSource {
    /** Bytes of a file's start its fingerprint covers. */
    public static final int FINGERPRINT_BYTES = 256;
    /** Longest line delivered whole, in bytes; longer lines are cut into pieces of this size. */
    public static final int MAX_LINE_BYTES = 1 << 20;
    private static final int READ_BYTES = 1 << 16;

    /** Where to start a file that has no checkpoint. */
    public enum Start {
        /** At its current end, as {@code tail -f}: only lines written from now on. */
        END,
        /** At its first line. */
        BEGINNING
    }

    private final Path path;
    private final String name;
    private FileChannel channel;
    private long inode = -1;
    /** File position just after the last delivered line. */
    private long offset;
    /** The open file is a rotated-away one: at its end, switch to {@link #path}. */
    private boolean draining;
    private String fingerprint = "";
    private int fingerprintBytes;
    private byte[] data = new byte[READ_BYTES];
    /** data[start, end) holds the bytes at file position offset..offset+(end-start). */
    private int start;
    private int end;
    private long rotations;
    private long truncations;
    private final java.nio.charset.CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);

    /**
     * Follows {@code path}, resuming at {@code saved} (null: none) or else starting as {@code start} says.
     */
    public FileFollower(Path path, Checkpoint.FileCheckpoint saved, Start start) throws IOException {
        this.path = path;
        this.name = path.toString();
        if (saved != null && resume(saved)) {
            return;
        }
        if (open(path) && start == Start.END) {
            offset = channel.size();
        }
    }

    private boolean resume(Checkpoint.FileCheckpoint cp) throws IOException {
        long current = inodeOf(path);
        if (current == cp.inode() && fingerprintMatches(path, cp.fingerprint())) {
            open(path);
            offset = channel.size() >= cp.offset() ? cp.offset() : 0;
            if (offset == 0 && cp.offset() > 0) {
                truncations++;
            }
            return true;
        }
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null && Files.isDirectory(parent)) {
            try (DirectoryStream<Path> dir = Files.newDirectoryStream(parent)) {
                for (Path p : dir) {
                    if (Files.isRegularFile(p) && inodeOf(p) == cp.inode() && fingerprintMatches(p, cp.fingerprint())) {
                        open(p);
                        offset = Math.min(cp.offset(), channel.size());
                        draining = !p.equals(path.toAbsolutePath()) && !p.equals(path);
                        return true;
                    }
                }
            }
        }
        // the checkpoint's file is gone: the file now at the path is new, read it whole
        if (open(path)) {
            offset = 0;
        }
        return true;
    }

    @Override
    public String name() {
        return name;
    }

    /** Rename rotations seen since this follower started. */
    public long rotations() {
        return rotations;
    }

    /** Truncations (copytruncate) seen since this follower started. */
    public long truncations() {
        return truncations;
    }

    @Override
    public int poll(LineSink sink, int maxLines) throws IOException {
        if (channel == null) {
            if (!open(path)) {
                return 0;
            }
            offset = 0;
        }
        int n = readLines(sink, maxLines, false);
        if (n >= maxLines) {
            return n;
        }
        long now = inodeOf(path);
        if (draining || (now >= 0 && now != inode)) {
            // rename rotation: the open (old) file is read to its end, its last partial line included
            n += readLines(sink, maxLines - n, true);
            if (n >= maxLines) {
                return n;
            }
            if (now < 0) {
                return n;
            }
            closeChannel();
            draining = false;
            rotations++;
            if (open(path)) {
                offset = 0;
                n += readLines(sink, maxLines - n, false);
            }
        } else if (now >= 0 && channel.size() < offset) {
            truncations++;
            offset = 0;
            start = end = 0;
            fingerprint = "";
            fingerprintBytes = 0;
            n += readLines(sink, maxLines - n, false);
        }
        return n;
    }

    /** Delivers complete lines from {@code offset}; at the end of the file also a partial last one if asked. */
    private int readLines(LineSink sink, int maxLines, boolean flushPartial) throws IOException {
        int delivered = 0;
        while (delivered < maxLines) {
            int nl = indexOfNewline();
            if (nl >= 0) {
                deliver(sink, start, nl);
                offset += nl + 1 - start;
                start = nl + 1;
                delivered++;
                continue;
            }
            if (end - start >= MAX_LINE_BYTES) {
                deliver(sink, start, start + MAX_LINE_BYTES);
                offset += MAX_LINE_BYTES;
                start += MAX_LINE_BYTES;
                delivered++;
                continue;
            }
            if (!fill()) {
                if (flushPartial && end > start) {
                    deliver(sink, start, end);
                    offset += end - start;
                    start = end;
                    delivered++;
                }
                break;
            }
        }
        return delivered;
    }

    private int indexOfNewline() {
        for (int i = start; i < end; i++) {
            if (data[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Reads more bytes after data[end); false at the end of the file. */
    private boolean fill() throws IOException {
        if (start > 0) {
            System.arraycopy(data, start, data, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end == data.length) {
            data = Arrays.copyOf(data, Math.min(data.length * 2, MAX_LINE_BYTES + READ_BYTES));
        }
        int r = channel.read(ByteBuffer.wrap(data, end, data.length - end), offset + (end - start));
        if (r <= 0) {
            return false;
        }
        end += r;
        return true;
    }

    private void deliver(LineSink sink, int from, int to) {
        int stop = to > from && data[to - 1] == '\r' ? to - 1 : to;
        String text;
        if (ascii(from, stop)) {
            // the common case: a log line is ASCII, and String's own decoding is much cheaper than a decoder
            text = new String(data, from, stop - from, StandardCharsets.ISO_8859_1);
        } else {
            try {
                text = utf8.reset().decode(ByteBuffer.wrap(data, from, stop - from)).toString();
            } catch (java.nio.charset.CharacterCodingException e) {
                text = new String(data, from, stop - from, StandardCharsets.ISO_8859_1);
            }
        }
        sink.accept(new SourceLine.Text(text));
    }

    private boolean ascii(int from, int to) {
        for (int i = from; i < to; i++) {
            if (data[i] < 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Checkpoint checkpoint() {
        if (channel != null && fingerprintBytes < FINGERPRINT_BYTES) {
            try {
                computeFingerprint();
            } catch (IOException e) {
                // keep the last fingerprint; resuming falls back to the inode and offset
            }
        }
        return new Checkpoint.FileCheckpoint(name, inode, offset, fingerprint);
    }

    @Override
    public long lagBytes() {
        try {
            return channel == null ? 0 : Math.max(0, channel.size() - offset);
        } catch (IOException e) {
            return -1;
        }
    }

    private boolean open(Path p) throws IOException {
        try {
            channel = FileChannel.open(p, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            channel = null;
            return false;
        }
        inode = inodeOf(p);
        start = end = 0;
        offset = 0;
        fingerprint = "";
        fingerprintBytes = 0;
        return true;
    }

    private void computeFingerprint() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(FINGERPRINT_BYTES);
        while (b.hasRemaining() && channel.read(b, b.position()) > 0) {
            // read the first bytes
        }
        fingerprintBytes = b.position();
        fingerprint = digest(Arrays.copyOf(b.array(), fingerprintBytes));
    }

    private static String digest(byte[] bytes) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
            return bytes.length + ":" + HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the first bytes of {@code p} (as many as the fingerprint covers) hash to {@code fp}. */
    static boolean fingerprintMatches(Path p, String fp) throws IOException {
        if (fp == null || fp.isEmpty()) {
            return true;
        }
        int colon = fp.indexOf(':');
        int count = Integer.parseInt(fp.substring(0, colon));
        byte[] head = new byte[count];
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.wrap(head);
            while (b.hasRemaining() && ch.read(b, b.position()) > 0) {
                // read
            }
            if (b.hasRemaining()) {
                return false;
            }
        } catch (NoSuchFileException e) {
            return false;
        }
        return digest(head).equals(fp);
    }

    /** The inode of {@code p}, or -1 when it does not exist. */
    static long inodeOf(Path p) throws IOException {
        try {
            return ((Number) Files.getAttribute(p, "unix:ino")).longValue();
        } catch (NoSuchFileException e) {
            return -1;
        }
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // read-only channel
            }
            channel = null;
        }
    }

    @Override
    public void close() {
        closeChannel();
    }
}
