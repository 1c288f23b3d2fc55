package dev.rampart.cli.monitor;

import dev.rampart.cli.DiagnosticOutput;
import dev.rampart.cli.HostException;
import dev.rampart.cli.UsageException;
import dev.rampart.host.ProcessRunner;
import dev.rampart.model.diag.Diagnostic;
import dev.rampart.monitor.daemon.ConfigLoader;
import dev.rampart.monitor.daemon.MonitorConfig;
import dev.rampart.monitor.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Options shared by {@code monitor}, {@code bans} and {@code metrics}: where the configuration and the
 * database are. {@code --root DIR} puts the default locations under DIR (tests, chroots); {@code --db}
 * overrides the database named in the configuration.
 */
public final class MonitorOptions {
    static final String DEFAULT_CONFIG = "/etc/rampart/monitor.yaml";

    @Option(names = "--config", paramLabel = "FILE",
            description = "Monitor configuration (default ${DEFAULT-VALUE}, under --root when given; a missing"
                    + " default file means all defaults).", defaultValue = DEFAULT_CONFIG)
    String config;

    @Option(names = "--root", paramLabel = "DIR",
            description = "Take the default configuration, database and apply history paths under DIR.")
    Path root;

    /** The {@code --root} given, or null. */
    Path root() {
        return root;
    }

    @Option(names = "--db", paramLabel = "FILE", description = "SQLite database (default: the configuration's"
            + " 'database', /var/lib/rampart/rampart.db).")
    Path db;

    @Option(names = "--netns", paramLabel = "NAME", hidden = true,
            description = "Run ipset/iptables/ip inside network namespace NAME (tests).")
    String netns;

    private Path under(String absolute) {
        return root == null ? Path.of(absolute) : root.resolve(absolute.substring(1));
    }

    /** The configuration file path. */
    Path configPath() {
        return config.equals(DEFAULT_CONFIG) ? under(DEFAULT_CONFIG) : Path.of(config);
    }

    /**
     * The checked configuration; prints diagnostics and returns null when it is invalid. A missing file
     * is all defaults when it is the default path, a usage error when named with {@code --config}.
     */
    MonitorConfig load(PrintWriter err) {
        Path p = configPath();
        String text;
        try {
            text = Files.readString(p);
        } catch (NoSuchFileException e) {
            if (config.equals(DEFAULT_CONFIG)) {
                return ConfigLoader.defaults();
            }
            throw new UsageException("cannot read " + p + ": no such file");
        } catch (IOException e) {
            throw new UsageException("cannot read " + p + ": " + e.getMessage());
        }
        ConfigLoader.Result r = ConfigLoader.load(p.toString(), text);
        List<Diagnostic> ds = r.diagnostics();
        DiagnosticOutput.text(err, ds);
        err.flush();
        return r.config();
    }

    /** The database file. */
    Path database(MonitorConfig c) {
        if (db != null) {
            return db;
        }
        Path configured = c.database();
        return configured.equals(MonitorConfig.DEFAULT_DATABASE) ? under(MonitorConfig.DEFAULT_DATABASE.toString())
                : configured;
    }

    /** The runner for ipset/iptables/ip. */
    ProcessRunner runner() {
        ProcessRunner r = new ProcessRunner().withTimeout(java.time.Duration.ofSeconds(30));
        return netns == null ? r : r.inNetns(netns);
    }

    /** Work on the monitor's database. */
    @FunctionalInterface
    interface StoreWork<T> {
        T on(Store store) throws SQLException;
    }

    /**
     * Runs {@code work} on the database of configuration {@code c}, opened for it and closed after; a
     * database failure is a host failure ("cannot {@code doing} the database ...").
     */
    <T> T withStore(MonitorConfig c, String doing, StoreWork<T> work) {
        try (Store store = Store.open(database(c))) {
            return work.on(store);
        } catch (SQLException e) {
            throw new HostException("cannot " + doing + " the database " + database(c) + ": " + e.getMessage());
        }
    }
}
