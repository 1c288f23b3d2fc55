package dev.rampart.analysis.audit.host;

import dev.rampart.model.Family;
import java.util.Objects;

/**
 * One boot-time persistence file and what it holds.
 *
 * @param kind    IPv4 rules, IPv6 rules or ipsets
 * @param path    its absolute path on the host, e.g. {@code /etc/iptables/rules.v4}
 * @param content its text, null when the file does not exist
 */
public record PersistedFile(Kind kind, String path, String content) {

    /** What a persistence file holds. */
    public enum Kind {
        IPV4_RULES, IPV6_RULES, IPSETS;

        /** The rules kind of {@code family}. */
        public static Kind rules(Family family) {
            return family == Family.IPV4 ? IPV4_RULES : IPV6_RULES;
        }
    }

    public PersistedFile {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(path, "path");
    }

    /** Whether the file exists. */
    public boolean exists() {
        return content != null;
    }
}
