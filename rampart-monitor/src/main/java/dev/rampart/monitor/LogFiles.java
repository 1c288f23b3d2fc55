package dev.rampart.monitor;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Opens a log for reading line by line: plain text or gzip (recognised by its magic bytes, whatever the
 * file name, as logrotate's {@code .gz} files), decoded as UTF-8 with malformed bytes replaced, so a
 * binary-garbage line never stops a report.
 */
public final class LogFiles {
    private static final int BUFFER_BYTES = 1 << 16;

    private LogFiles() {
    }

    public static BufferedReader open(Path file) throws IOException {
        return open(Files.newInputStream(file));
    }

    public static BufferedReader open(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, BUFFER_BYTES);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        InputStream body = b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(in, BUFFER_BYTES) : in;
        return new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE)),
                BUFFER_BYTES);
    }
}
