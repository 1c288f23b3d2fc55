package dev.rampart.monitor.source;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rotated generations of a log as logrotate names them — {@code auth.log.1}, {@code auth.log.2.gz},
 * ... (numbered, gzip'd or not) and {@code auth.log-20261122[.gz]} (dateext) — oldest first, followed by
 * the log itself, so a one-shot report ({@code rampart logs --rotated}) reads them in log order. gzip'd
 * files are read by {@code LogFiles}, which recognises gzip by content.
 */
public final class RotatedFiles {
    private RotatedFiles() {
    }

    /** {@code log}'s rotated files, oldest first, then {@code log} itself when it exists. */
    public static List<Path> oldestFirst(Path log) throws IOException {
        Path dir = log.toAbsolutePath().getParent();
        String base = log.getFileName().toString();
        Pattern numbered = Pattern.compile(Pattern.quote(base) + "\\.(\\d+)(\\.gz)?");
        Pattern dated = Pattern.compile(Pattern.quote(base) + "-(\\d{8,10})(\\.gz)?");
        TreeMap<Integer, Path> byNumber = new TreeMap<>();
        TreeMap<String, Path> byDate = new TreeMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                Matcher m = numbered.matcher(name);
                if (m.matches()) {
                    byNumber.put(Integer.parseInt(m.group(1)), p);
                    continue;
                }
                Matcher d = dated.matcher(name);
                if (d.matches()) {
                    byDate.put(d.group(1), p);
                }
            }
        }
        List<Path> out = new ArrayList<>(byDate.values());
        out.addAll(byNumber.descendingMap().values());
        if (Files.exists(log)) {
            out.add(log);
        }
        return out;
    }
}
