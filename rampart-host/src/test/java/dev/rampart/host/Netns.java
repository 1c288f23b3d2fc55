package dev.rampart.host;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * A throwaway network namespace for kernel-backed tests: {@code rampart-<random hex>}, created with
 * {@code ip netns add}, its loopback brought up, and deleted by {@link #close()} (use try-with-resources,
 * so it goes away also when the test fails). A JVM shutdown hook deletes it as well if the test run is
 * interrupted before {@code close()}.
 *
 * <p>Everything the namespace holds (iptables/nftables tables, ipsets, conntrack entries, interfaces)
 * is private to it, so tests never touch the host's firewall.
 */
final class Netns implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ProcessRunner host;
    private final String name;
    private final Thread cleanup;
    private boolean closed;

    private Netns(ProcessRunner host, String name) {
        this.host = host;
        this.name = name;
        this.cleanup = new Thread(() -> host.run("ip", "netns", "del", name), "netns-cleanup-" + name);
    }

    /** Creates a fresh namespace; throws {@link HostException} (with ip's stderr) when it cannot. */
    static Netns create() {
        return create(new ProcessRunner());
    }

    static Netns create(ProcessRunner host) {
        byte[] b = new byte[5];
        RANDOM.nextBytes(b);
        String name = "rampart-" + HexFormat.of().formatHex(b);
        host.check(List.of("ip", "netns", "add", name), null);
        Netns ns = new Netns(host, name);
        Runtime.getRuntime().addShutdownHook(ns.cleanup);
        try {
            ns.check("ip", "link", "set", "lo", "up");
        } catch (RuntimeException e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    /** The namespace name, {@code rampart-} followed by 10 hex digits. */
    String name() {
        return name;
    }

    /** A runner whose commands run inside this namespace. */
    ProcessRunner runner() {
        return host.inNetns(name);
    }

    /** Runs {@code command} inside the namespace; a non-zero exit status is returned, not thrown. */
    ProcessResult exec(String... command) {
        return runner().run(Arrays.asList(command), null);
    }

    /** Runs {@code command} inside the namespace with {@code stdin}; a non-zero exit status is returned. */
    ProcessResult exec(String stdin, List<String> command) {
        return runner().run(command, stdin);
    }

    /** Runs {@code command} inside the namespace and requires success. */
    ProcessResult check(String... command) {
        return runner().check(Arrays.asList(command), null);
    }

    /** Deletes the namespace (idempotent). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or will run; deleting twice is harmless
        }
        host.check(List.of("ip", "netns", "del", name), null);
    }
}
