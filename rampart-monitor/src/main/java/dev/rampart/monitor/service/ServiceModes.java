package dev.rampart.monitor.service;

import java.util.Locale;

/** Maps fail2ban's {@code mode} option values to each parser's mode (null or unknown = the default). */
public final class ServiceModes {
    private ServiceModes() {
    }

    /** The sshd mode named {@code mode} ({@code normal}, {@code ddos}, {@code extra}, {@code aggressive}). */
    public static SshdParser.Mode sshd(String mode) {
        if (mode == null) {
            return SshdParser.Mode.NORMAL;
        }
        return switch (mode.toLowerCase(Locale.ROOT)) {
            case "ddos" -> SshdParser.Mode.DDOS;
            case "extra" -> SshdParser.Mode.EXTRA;
            case "aggressive" -> SshdParser.Mode.AGGRESSIVE;
            default -> SshdParser.Mode.NORMAL;
        };
    }
}
