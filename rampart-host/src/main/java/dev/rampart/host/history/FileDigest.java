package dev.rampart.host.history;

/**
 * One stored file of an entry with its SHA-256.
 *
 * @param path   relative to the entry directory, e.g. {@code after/rules.v4}
 * @param sha256 lower-case hex SHA-256 of the file's bytes
 * @param bytes  the file's size in bytes
 */
public record FileDigest(String path, String sha256, long bytes) {
}
