package dev.rampart.cli;

/** How a reporting command writes its results. */
public enum OutputFormat {
    TEXT,
    JSON;

    /** Parses {@code text}/{@code json} case-insensitively (picocli converter). */
    public static OutputFormat parse(String s) {
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "text" -> TEXT;
            case "json" -> JSON;
            default -> throw new picocli.CommandLine.TypeConversionException("format must be text or json, not '" + s + "'");
        };
    }
}
