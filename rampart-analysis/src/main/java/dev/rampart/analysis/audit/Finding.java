package dev.rampart.analysis.audit;

import dev.rampart.sim.packet.Packet;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One result of a {@link Check}: the check's id, how much it matters, a message naming the concrete
 * rules, the fix as rule text (commands an administrator can run or lines of a restore file), the rules
 * involved (the first is the primary location), an optional witness packet (a packet that behaves as the
 * message says, for findings about packets) and whether the finding rests on an approximation, with the
 * reasons (empty when exact). A finding about the host rather than a rule (the host checks of
 * {@code audit --live}) has a {@code location} instead of, or besides, rules: a kernel parameter
 * ({@code net.ipv4.tcp_syncookies}), a file ({@code /etc/iptables/rules.v4}, always absolute) or a backend
 * ({@code iptables-legacy}); empty for rule findings.
 */
public record Finding(String checkId, Severity severity, String message, String fix, List<RuleRef> rules,
                      Packet witness, List<String> approximations, String location) {

    public Finding {
        Objects.requireNonNull(checkId, "checkId");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        fix = fix == null ? "" : fix;
        rules = List.copyOf(rules);
        approximations = List.copyOf(approximations);
        location = location == null ? "" : location;
    }

    /** A finding about rules, without host location. */
    public Finding(String checkId, Severity severity, String message, String fix, List<RuleRef> rules,
                   Packet witness, List<String> approximations) {
        this(checkId, severity, message, fix, rules, witness, approximations, "");
    }

    /** Whether part of the finding rests on something Rampart only approximates. */
    public boolean approximate() {
        return !approximations.isEmpty();
    }

    /** The first rule involved (where reports point), or null when the finding names none. */
    public RuleRef primary() {
        return rules.isEmpty() ? null : rules.get(0);
    }

    /** A builder for a finding of {@code check} with its default severity. */
    public static Builder of(Check check, String message) {
        return new Builder(check.id(), check.severity(), message);
    }

    /** Builds a {@link Finding}. */
    public static final class Builder {
        private final String checkId;
        private Severity severity;
        private final String message;
        private String fix = "";
        private final List<RuleRef> rules = new ArrayList<>();
        private Packet witness;
        private final List<String> approximations = new ArrayList<>();
        private String location = "";

        private Builder(String checkId, Severity severity, String message) {
            this.checkId = checkId;
            this.severity = severity;
            this.message = message;
        }

        /** Another severity than the check's default. */
        public Builder severity(Severity value) {
            severity = value;
            return this;
        }

        /** The fix, as rule text. */
        public Builder fix(String value) {
            fix = value;
            return this;
        }

        /** Adds rules involved, in order (the first is the primary location). */
        public Builder rules(RuleRef... refs) {
            rules.addAll(List.of(refs));
            return this;
        }

        /** Adds rules involved, in order. */
        public Builder rules(List<RuleRef> refs) {
            rules.addAll(refs);
            return this;
        }

        /** The witness packet. */
        public Builder witness(Packet value) {
            witness = value;
            return this;
        }

        /** Adds the reasons the finding is approximate. */
        public Builder approximations(List<String> reasons) {
            for (String r : reasons) {
                if (!approximations.contains(r)) {
                    approximations.add(r);
                }
            }
            return this;
        }

        /** The host location: a kernel parameter, an absolute file path or a backend name. */
        public Builder location(String value) {
            location = value;
            return this;
        }

        /** The finding. */
        public Finding build() {
            return new Finding(checkId, severity, message, fix, rules, witness, approximations, location);
        }
    }
}
