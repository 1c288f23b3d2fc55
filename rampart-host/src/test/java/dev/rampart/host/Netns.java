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
public final class Netns implements AutoCloseable {
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
    public static Netns create() {
        return create(new ProcessRunner());
    }

    /** Creates a fresh namespace whose commands are run by {@code host}. */
    public static Netns create(ProcessRunner host) {
        return create(host, "rampart-");
    }

    /**
     * Creates a fresh namespace named {@code namePrefix} followed by 10 random hex digits (e.g.
     * {@code rampart-c-} so that concurrent test runs can tell their namespaces apart).
     */
    public static Netns create(ProcessRunner host, String namePrefix) {
        byte[] b = new byte[5];
        RANDOM.nextBytes(b);
        String name = namePrefix + HexFormat.of().formatHex(b);
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

    /** The namespace name, its prefix ({@code rampart-} by default) followed by 10 hex digits. */
    public String name() {
        return name;
    }

    /** A runner whose commands run inside this namespace. */
    public ProcessRunner runner() {
        return host.inNetns(name);
    }

    /** Runs {@code command} inside the namespace; a non-zero exit status is returned, not thrown. */
    public ProcessResult exec(String... command) {
        return runner().run(Arrays.asList(command), null);
    }

    /** Runs {@code command} inside the namespace with {@code stdin}; a non-zero exit status is returned. */
    public ProcessResult exec(String stdin, List<String> command) {
        return runner().run(command, stdin);
    }

    /** Runs {@code command} inside the namespace and requires success. */
    public ProcessResult check(String... command) {
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
