package dev.rampart.model;

/** The address family a ruleset belongs to: {@code iptables} rules are IPv4, {@code ip6tables} rules IPv6. */
public enum Family {
    IPV4(4, "iptables"),
    IPV6(6, "ip6tables");

    private final int number;
    private final String command;

    Family(int number, String command) {
        this.number = number;
        this.command = command;
    }

    /** 4 or 6, as {@code --family} takes it. */
    public int number() {
        return number;
    }

    /** The userspace tool of this family: {@code iptables} or {@code ip6tables}. */
    public String command() {
        return command;
    }

    /** Address width in bits. */
    public int bits() {
        return this == IPV4 ? 32 : 128;
    }

    /** Parses {@code 4}, {@code 6}, {@code ipv4}, {@code ipv6}; throws IllegalArgumentException otherwise. */
    public static Family parse(String text) {
        return switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "4", "ipv4", "inet", "iptables" -> IPV4;
            case "6", "ipv6", "inet6", "ip6tables" -> IPV6;
            default -> throw new IllegalArgumentException("unknown family '" + text + "'; use 4 or 6");
        };
    }
}
