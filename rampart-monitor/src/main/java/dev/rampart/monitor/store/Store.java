package dev.rampart.monitor.store;

import dev.rampart.monitor.ban.Ban;
import dev.rampart.monitor.ban.BanTargets;
import dev.rampart.monitor.source.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The daemon's state in SQLite ({@code /var/lib/rampart/rampart.db} by default): active bans, the ban
 * history, and each source's checkpoint with the number of lines read up to it. WAL journal with
 * {@code synchronous=NORMAL}: a committed transaction survives a crash of the process ({@code kill -9});
 * a power loss may roll back the last transactions, but only whole ones — bans together with the
 * checkpoint they were decided before — so the lines are read again, never skipped. (FULL would fsync on
 * every commit, on the path from a crossing log line to the kernel ban; measured seconds under I/O load.)
 * A 10 s busy timeout lets {@code rampart bans} and the daemon write at the same time.
 *
 * <p>Exactly-once: the daemon writes the bans decided from a batch of lines and the checkpoint after
 * that batch in one {@link #transaction}; after {@code kill -9} either both are there or neither, and
 * reading resumes at the stored checkpoint.
 *
 * <p>Tables: {@code bans(target PRIMARY KEY, added, expires, origin, reason, ban_number)} — times in
 * epoch milliseconds, {@code expires} NULL for permanent bans; {@code ban_log(id, at, event, target,
 * expires, origin, reason)} with event {@code added}, {@code extended}, {@code expired}, {@code removed};
 * {@code checkpoints(source PRIMARY KEY, kind, inode, offset, fingerprint, cursor, lines)}. One
 * connection, not thread-safe: one store per thread.
 */
public final class Store implements AutoCloseable {
    private final Connection db;

    private Store(Connection db) {
        this.db = db;
    }

    /** Opens (creating file, directories and tables when missing) the database at {@code file}. */
    public static Store open(Path file) throws SQLException {
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
        } catch (java.io.IOException e) {
            throw new SQLException("cannot create the directory of " + file + ": " + e.getMessage(), e);
        }
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout=10000");
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=NORMAL");
            s.execute("CREATE TABLE IF NOT EXISTS bans(target TEXT PRIMARY KEY, added INTEGER NOT NULL,"
                    + " expires INTEGER, origin TEXT NOT NULL, reason TEXT NOT NULL, ban_number INTEGER NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS ban_log(id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL,"
                    + " event TEXT NOT NULL, target TEXT NOT NULL, expires INTEGER, origin TEXT, reason TEXT)");
            s.execute("CREATE TABLE IF NOT EXISTS checkpoints(source TEXT PRIMARY KEY, kind TEXT NOT NULL,"
                    + " inode INTEGER, offset INTEGER, fingerprint TEXT, cursor TEXT, lines INTEGER NOT NULL)");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        c.setAutoCommit(false);
        c.commit();
        return new Store(c);
    }

    /** Work done inside one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Tx tx) throws SQLException;
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    public synchronized <T> T transaction(Work<T> work) throws SQLException {
        try {
            T t = work.run(new Tx());
            db.commit();
            return t;
        } catch (SQLException | RuntimeException e) {
            db.rollback();
            throw e;
        }
    }

    /** A checkpoint as stored, with the lines read up to it. */
    public record StoredCheckpoint(String source, Checkpoint checkpoint, long lines) {
    }

    /** What a ban upsert did. */
    public enum Upsert { ADDED, EXTENDED, UNCHANGED }

    /** The operations of one transaction. */
    public final class Tx {
        private Tx() {
        }

        /**
         * Stores {@code ban}; an existing ban of the same target is kept when it lasts at least as long,
         * else extended (a detector never shortens a manual ban).
         */
        public Upsert upsertBan(Ban ban) throws SQLException {
            String key = BanTargets.format(ban.target());
            Ban old = read(key);
            if (old != null && (old.expires() == null
                    || (ban.expires() != null && !ban.expires().isAfter(old.expires())))) {
                return Upsert.UNCHANGED;
            }
            try (PreparedStatement p = db.prepareStatement("INSERT OR REPLACE INTO bans VALUES(?,?,?,?,?,?)")) {
                p.setString(1, key);
                p.setLong(2, ban.added().toEpochMilli());
                setTime(p, 3, ban.expires());
                p.setString(4, ban.origin());
                p.setString(5, ban.reason());
                p.setInt(6, ban.banNumber());
                p.executeUpdate();
            }
            Upsert u = old == null ? Upsert.ADDED : Upsert.EXTENDED;
            log(u == Upsert.ADDED ? "added" : "extended", ban, ban.added());
            return u;
        }

        /** Removes the ban of {@code target} ({@code event}: removed or expired); the ban removed, or null. */
        public Ban deleteBan(String target, String event, Instant at) throws SQLException {
            Ban old = read(target);
            if (old == null) {
                return null;
            }
            try (PreparedStatement p = db.prepareStatement("DELETE FROM bans WHERE target=?")) {
                p.setString(1, target);
                p.executeUpdate();
            }
            log(event, old, at);
            return old;
        }

        /** Removes every ban over at {@code now} (logged as expired); the bans removed. */
        public List<Ban> deleteExpired(Instant now) throws SQLException {
            List<Ban> gone = new ArrayList<>();
            try (PreparedStatement p = db.prepareStatement(
                    "SELECT * FROM bans WHERE expires IS NOT NULL AND expires <= ?")) {
                p.setLong(1, now.toEpochMilli());
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        gone.add(banOf(r));
                    }
                }
            }
            for (Ban b : gone) {
                deleteBan(BanTargets.format(b.target()), "expired", b.expires());
            }
            return gone;
        }

        private void log(String event, Ban b, Instant at) throws SQLException {
            try (PreparedStatement p = db.prepareStatement(
                    "INSERT INTO ban_log(at,event,target,expires,origin,reason) VALUES(?,?,?,?,?,?)")) {
                p.setLong(1, at.toEpochMilli());
                p.setString(2, event);
                p.setString(3, BanTargets.format(b.target()));
                setTime(p, 4, b.expires());
                p.setString(5, b.origin());
                p.setString(6, b.reason());
                p.executeUpdate();
            }
        }

        /** Stores the checkpoint of {@code source} and adds {@code newLines} to its line count. */
        public void saveCheckpoint(String source, Checkpoint cp, long newLines) throws SQLException {
            try (PreparedStatement p = db.prepareStatement("INSERT INTO checkpoints VALUES(?,?,?,?,?,?,?)"
                    + " ON CONFLICT(source) DO UPDATE SET kind=excluded.kind, inode=excluded.inode,"
                    + " offset=excluded.offset, fingerprint=excluded.fingerprint, cursor=excluded.cursor,"
                    + " lines=lines+excluded.lines")) {
                p.setString(1, source);
                if (cp instanceof Checkpoint.FileCheckpoint f) {
                    p.setString(2, "file");
                    p.setLong(3, f.inode());
                    p.setLong(4, f.offset());
                    p.setString(5, f.fingerprint());
                    p.setString(6, null);
                } else {
                    p.setString(2, "journal");
                    p.setObject(3, null);
                    p.setObject(4, null);
                    p.setString(5, null);
                    p.setString(6, ((Checkpoint.JournalCheckpoint) cp).cursor());
                }
                p.setLong(7, newLines);
                p.executeUpdate();
            }
        }
    }

    private static void setTime(PreparedStatement p, int i, Instant t) throws SQLException {
        if (t == null) {
            p.setObject(i, null);
        } else {
            p.setLong(i, t.toEpochMilli());
        }
    }

    /** The ban of {@code target} (as {@link BanTargets#format} writes it), or null. */
    public synchronized Ban ban(String target) throws SQLException {
        Ban b = read(target);
        db.commit(); // ends the read transaction: the next read sees other connections' writes
        return b;
    }

    private Ban read(String target) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("SELECT * FROM bans WHERE target=?")) {
            p.setString(1, target);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? banOf(r) : null;
            }
        }
    }

    /** Every stored ban (expired ones not yet removed included), oldest first. */
    public synchronized List<Ban> bans() throws SQLException {
        List<Ban> all = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT * FROM bans ORDER BY added")) {
            while (r.next()) {
                all.add(banOf(r));
            }
        }
        db.commit();
        return all;
    }

    /** Bans in force at {@code now} of one family (IPv6 when {@code ipv6}). */
    public synchronized long countActive(Instant now, boolean ipv6) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("SELECT count(*) FROM bans WHERE (expires IS NULL OR expires > ?)"
                + " AND instr(target, ':') " + (ipv6 ? "> 0" : "= 0"))) {
            p.setLong(1, now.toEpochMilli());
            try (ResultSet r = p.executeQuery()) {
                r.next();
                long n = r.getLong(1);
                db.commit();
                return n;
            }
        }
    }

    /** Bans of {@code target} started ({@code added} or {@code extended}) at or after {@code since}. */
    public synchronized long countBansSince(String target, Instant since) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("SELECT count(*) FROM ban_log WHERE target=? AND at>=?"
                + " AND event IN ('added','extended')")) {
            p.setString(1, target);
            p.setLong(2, since.toEpochMilli());
            try (ResultSet r = p.executeQuery()) {
                r.next();
                long n = r.getLong(1);
                db.commit();
                return n;
            }
        }
    }

    /** The number of ban history entries with {@code event}. */
    public synchronized long countLog(String event) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("SELECT count(*) FROM ban_log WHERE event=?")) {
            p.setString(1, event);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                long n = r.getLong(1);
                db.commit();
                return n;
            }
        }
    }

    /** Every stored checkpoint. */
    public synchronized List<StoredCheckpoint> checkpoints() throws SQLException {
        List<StoredCheckpoint> all = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT * FROM checkpoints")) {
            while (r.next()) {
                Checkpoint cp = r.getString("kind").equals("file")
                        ? new Checkpoint.FileCheckpoint(r.getString("source"), r.getLong("inode"), r.getLong("offset"),
                                r.getString("fingerprint"))
                        : new Checkpoint.JournalCheckpoint(r.getString("cursor"));
                all.add(new StoredCheckpoint(r.getString("source"), cp, r.getLong("lines")));
            }
        }
        db.commit();
        return all;
    }

    /** The checkpoint of {@code source}, or null. */
    public StoredCheckpoint checkpoint(String source) throws SQLException {
        for (StoredCheckpoint c : checkpoints()) {
            if (c.source().equals(source)) {
                return c;
            }
        }
        return null;
    }

    private static Ban banOf(ResultSet r) throws SQLException {
        long exp = r.getLong("expires");
        Instant expires = r.wasNull() ? null : Instant.ofEpochMilli(exp);
        return new Ban(BanTargets.parse(r.getString("target")), Instant.ofEpochMilli(r.getLong("added")), expires,
                r.getString("origin"), r.getString("reason"), r.getInt("ban_number"));
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException ignored) {
            // closing
        }
    }
}
