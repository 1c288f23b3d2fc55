package dev.rampart.host.probe;

import java.util.Objects;

/**
 * The persistence layout chosen for a host, why, and a warning when it was guessed.
 *
 * @param layout  the layout
 * @param reason  why this one, e.g. {@code os-release names Debian GNU/Linux 12 (bookworm) (Debian family)}
 * @param warning null when the distribution is known; otherwise says the layout was assumed
 */
public record LayoutChoice(PersistenceLayout layout, String reason, String warning) {

    public LayoutChoice {
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(reason, "reason");
    }

    /** A layout chosen by the user ({@code --layout}). */
    public static LayoutChoice given(PersistenceLayout layout) {
        return new LayoutChoice(layout, "chosen with --layout", null);
    }

    /** Whether the layout was assumed for an unknown distribution. */
    public boolean guessed() {
        return warning != null;
    }
}
