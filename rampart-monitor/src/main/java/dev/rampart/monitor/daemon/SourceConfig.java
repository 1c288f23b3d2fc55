package dev.rampart.monitor.daemon;

import dev.rampart.monitor.source.FileFollower;
import java.nio.file.Path;
import java.util.List;

/** One entry of {@code sources:} in {@code monitor.yaml}. */
public sealed interface SourceConfig {

    /**
     * A log file followed across rotation; {@code parser} is {@code auto} (every parser, by line shape and
     * program name), {@code kernel} (iptables LOG lines only) or one service ({@code sshd}, {@code nginx},
     * {@code apache}, {@code postfix}, {@code dovecot}); {@code mode} the sshd mode (fail2ban's
     * {@code normal}, {@code ddos}, {@code extra}, {@code aggressive}).
     */
    record File(Path path, String parser, String mode, FileFollower.Start start) implements SourceConfig {
    }

    /** The journal through {@code journalctl} ({@code command}), with journalctl {@code matches}. */
    record Journal(List<String> matches, FileFollower.Start start, List<String> command) implements SourceConfig {
        public Journal {
            matches = List.copyOf(matches);
            command = List.copyOf(command);
        }
    }
}
