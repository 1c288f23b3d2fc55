package dev.rampart.monitor.ban;

import java.util.List;

/**
 * How bans reach the kernel ({@code bans:} in {@code monitor.yaml}, defaults in {@link #DEFAULTS}).
 *
 * @param enabled     whether bans are put into the ipsets at all (off: decisions are stored and reported only)
 * @param set4        the IPv4 set ({@code rampart-ban4})
 * @param set6        the IPv6 set ({@code rampart-ban6})
 * @param maxElements the sets' {@code maxelem} (65,536): bans beyond it fail and are reported
 * @param chains      the chains whose top rule references the sets ({@code INPUT}, {@code DOCKER-USER}; chains
 *                    other than INPUT are used only when they exist)
 * @param target      what the rule does: {@code DROP} (default) or {@code REJECT}
 */
public record BanSettings(boolean enabled, String set4, String set6, int maxElements, List<String> chains,
                          String target) {

    public static final BanSettings DEFAULTS = new BanSettings(true, "rampart-ban4", "rampart-ban6", 65_536,
            List.of("INPUT", "DOCKER-USER"), "DROP");

    public BanSettings {
        chains = List.copyOf(chains);
        if (maxElements < 1) {
            throw new IllegalArgumentException("maxelem must be positive");
        }
    }
}
