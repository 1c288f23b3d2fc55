package dev.rampart.policy;

/**
 * A packet rate with a burst: {@code count} packets per {@code unit}, up to {@code burst} at once.
 * Written in a policy as {@code 5/minute} (units second, minute, hour, day; also s, sec, min, m, h, d).
 */
public record Rate(int count, Unit unit, int burst) {

    /** Rate units with their length in seconds. */
    public enum Unit {
        SECOND("second", "sec", "s", 1), MINUTE("minute", "min", "m", 60), HOUR("hour", "hour", "h", 3600),
        DAY("day", "day", "d", 86400);

        final String full;
        final String iptables;
        final String shortName;
        final int seconds;

        Unit(String full, String iptables, String shortName, int seconds) {
            this.full = full;
            this.iptables = iptables;
            this.shortName = shortName;
            this.seconds = seconds;
        }

        /** The unit named {@code text} (full, iptables' or one-letter form), or null. */
        public static Unit parse(String text) {
            for (Unit u : values()) {
                if (u.full.equals(text) || u.iptables.equals(text) || u.shortName.equals(text)
                        || (u.full + "s").equals(text)) {
                    return u;
                }
            }
            return null;
        }

        /** The full name, as nft writes it ({@code second}). */
        public String fullName() {
            return full;
        }
    }

    /** {@code 5/minute}: the form iptables and nft both accept. */
    public String text() {
        return count + "/" + unit.full;
    }
}
