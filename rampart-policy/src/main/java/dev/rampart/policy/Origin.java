package dev.rampart.policy;

import dev.rampart.policy.yaml.Pos;

/**
 * Where a piece of intent came from: the policy position and a short path naming it
 * ({@code services.ssh}, {@code icmp.echo}). Every emitted rule carries {@link #comment()}.
 */
public record Origin(Pos pos, String what) {

    /** A rule Rampart always adds (loopback, established, ...), cited by its purpose. */
    public static Origin builtin(String file, String what) {
        return new Origin(new Pos(file, 0, 0, null), "builtin:" + what);
    }

    /** The rule comment: {@code web.yaml:12 services.ssh}. */
    public String comment() {
        return pos.cite() + " " + what;
    }

    /** This origin with a more precise name. */
    public Origin child(String suffix) {
        return new Origin(pos, what + suffix);
    }
}
