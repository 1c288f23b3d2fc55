package dev.rampart.host.history;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 digests of stored state. The content hash of a {@link RulesetState} is the SHA-256 of the
 * lines {@code NAME SHA256\n} for each present file in {@link RulesetState#FILE_NAMES} order (so
 * {@code sha256sum}-style tools can recompute it: see docs/history-format.md); two entries with the
 * same content hash stored byte-identical files.
 */
public final class ContentHash {
    private ContentHash() {
    }

    /** Lower-case hex SHA-256 of {@code bytes}. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    /** Lower-case hex SHA-256 of {@code text} encoded as UTF-8. */
    public static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The content hash of the files under {@code side/} in {@code digests} (already hashed as they were
     * written), equal to {@link #of(RulesetState)} of the state they hold.
     */
    public static String ofDigests(java.util.List<FileDigest> digests, String side) {
        StringBuilder sb = new StringBuilder();
        for (String f : RulesetState.FILE_NAMES) {
            for (FileDigest d : digests) {
                if (d.path().equals(side + "/" + f)) {
                    sb.append(f).append(' ').append(d.sha256()).append('\n');
                }
            }
        }
        return sha256(sb.toString());
    }

    /** The content hash of {@code state} (see the class comment); the hash of the empty text when no part is present. */
    public static String of(RulesetState state) {
        StringBuilder sb = new StringBuilder();
        for (String f : state.presentFiles()) {
            sb.append(f).append(' ').append(sha256(state.text(f))).append('\n');
        }
        return sha256(sb.toString());
    }
}
