package dev.rampart.host;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * Kernel-backed tests need root (network namespaces, iptables). On a developer machine without root
 * they are skipped with a clear message; under CI ({@code CI=true}) a missing root is a failure, so a
 * misconfigured pipeline cannot pass by skipping everything.
 */
public final class RootRequirement {
    private RootRequirement() {
    }

    /** Aborts (skips) or fails the calling test unless the JVM runs as root. */
    public static void requireRoot() {
        if (isRoot()) {
            return;
        }
        String msg = "this test needs root (it creates network namespaces and loads rules with the real"
                + " iptables); run it as root, e.g. 'sudo mvn verify'";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(msg + " -- CI=true, so not running as root is an error, not a skip");
        }
        Assumptions.abort(msg);
    }

    public static boolean isRoot() {
        try {
            ProcessResult r = new ProcessRunner().run("id", "-u");
            return r.succeeded() && r.stdout().strip().equals("0");
        } catch (HostException e) {
            return false;
        }
    }
}
