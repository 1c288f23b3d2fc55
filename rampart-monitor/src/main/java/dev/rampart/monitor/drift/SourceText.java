package dev.rampart.monitor.drift;

import java.util.Objects;

/**
 * A text and the name it is reported under in diagnostics (a file path, or e.g. {@code <history 42 rules.v4>}).
 *
 * @param name where the text comes from
 * @param text the whole text
 */
public record SourceText(String name, String text) {
    public SourceText {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(text, "text");
    }
}
