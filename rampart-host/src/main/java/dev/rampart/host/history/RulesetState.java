package dev.rampart.host.history;

import java.util.ArrayList;
import java.util.List;

/**
 * The three texts that make up a host's packet-filter state, as the kernel's own tools read and write
 * them: {@code rules.v4} ({@code iptables-save} / {@code iptables-restore}), {@code rules.v6}
 * ({@code ip6tables-save}) and {@code ipsets} ({@code ipset save} / {@code ipset restore}). A null
 * text means "this part is not part of the state" (not saved, or not touched by an apply), which is
 * different from an empty text (the part is empty).
 *
 * @param rulesV4 IPv4 ruleset in iptables-restore format, or null
 * @param rulesV6 IPv6 ruleset in ip6tables-restore format, or null
 * @param ipsets  ipset restore text ({@code create}/{@code add} lines), or null
 */
public record RulesetState(String rulesV4, String rulesV6, String ipsets) {

    /** File name of the IPv4 part in a history entry. */
    public static final String RULES_V4 = "rules.v4";
    /** File name of the IPv6 part. */
    public static final String RULES_V6 = "rules.v6";
    /** File name of the ipset part. */
    public static final String IPSETS = "ipsets";
    /** The three file names in their fixed order (used for hashing and listing). */
    public static final List<String> FILE_NAMES = List.of(RULES_V4, RULES_V6, IPSETS);

    /** The text stored under {@code fileName} (one of {@link #FILE_NAMES}), or null. */
    public String text(String fileName) {
        return switch (fileName) {
            case RULES_V4 -> rulesV4;
            case RULES_V6 -> rulesV6;
            case IPSETS -> ipsets;
            default -> throw new IllegalArgumentException("unknown state file '" + fileName + "'");
        };
    }

    /** Whether no part is present. */
    public boolean isEmpty() {
        return rulesV4 == null && rulesV6 == null && ipsets == null;
    }

    /** The names of the parts that are present, in {@link #FILE_NAMES} order. */
    public List<String> presentFiles() {
        List<String> out = new ArrayList<>();
        for (String f : FILE_NAMES) {
            if (text(f) != null) {
                out.add(f);
            }
        }
        return out;
    }

    /** This state with the parts of {@code other} that are present replacing this state's. */
    public RulesetState overlay(RulesetState other) {
        return new RulesetState(other.rulesV4 != null ? other.rulesV4 : rulesV4,
                other.rulesV6 != null ? other.rulesV6 : rulesV6, other.ipsets != null ? other.ipsets : ipsets);
    }

    /** The parts of this state that {@code mask} has present (the others null). */
    public RulesetState restrictedTo(RulesetState mask) {
        return new RulesetState(mask.rulesV4 != null ? rulesV4 : null, mask.rulesV6 != null ? rulesV6 : null,
                mask.ipsets != null ? ipsets : null);
    }
}
