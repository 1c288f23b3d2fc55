package dev.rampart.model.match;

import dev.rampart.model.ext.MatchExtension;
import dev.rampart.model.ext.ValueMask;
import dev.rampart.model.write.SaveLine;

/**
 * {@code -m connmark [!] --mark VALUE[/MASK]}: the connection's mark ANDed with the mask
 * equals the value (32-bit; no mask means all ones).
 */
public record ConnmarkMatch(ValueMask mark, boolean inverted) implements Match {

    /** The extension that parses {@code -m connmark}. */
    public static final MatchExtension EXTENSION = new MarkOptionExtension("connmark", ConnmarkMatch::new);

    /** Whether {@code value} (a mark) satisfies the test, inversion included. */
    public boolean matches(long value) {
        return ((value & mark.mask()) == mark.value()) != inverted;
    }

    @Override
    public String module() {
        return "connmark";
    }

    @Override
    public void writeOptions(SaveLine out) {
        out.option(inverted, "mark", mark.toString());
    }
}
