package dev.rampart.monitor.service;

import dev.rampart.monitor.parse.SyslogHeader;

/**
 * Finds the failures one service logs. Lines must be fed in file order through one instance: some
 * services log a failure over several lines of one connection (sshd's {@code Disconnecting: Too many
 * authentication failures} names no address; the address comes from the connection's other lines),
 * so parsers keep bounded per-connection state. Not thread-safe.
 */
public interface ServiceParser {

    /** The service name used in events ({@code sshd}, {@code nginx}, ...). */
    String service();

    /** Whether {@code header} (and the line) belong to this service, cheaply. */
    boolean accepts(String line, SyslogHeader header);

    /** The failure {@code line} completes, or null when it completes none. */
    ServiceMatch parse(String line, SyslogHeader header);
}
