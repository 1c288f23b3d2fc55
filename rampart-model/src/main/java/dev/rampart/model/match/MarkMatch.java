package dev.rampart.model.match;

import dev.rampart.model.ext.MatchExtension;
import dev.rampart.model.ext.ValueMask;
import dev.rampart.model.write.SaveLine;

/**
 * {@code -m mark [!] --mark VALUE[/MASK]}: the packet's mark ANDed with the mask
 * equals the value (32-bit; no mask means all ones).
 */
public record MarkMatch(ValueMask mark, boolean inverted) implements Match {

    /** The extension that parses {@code -m mark}. */
    public static final MatchExtension EXTENSION = new MarkOptionExtension("mark", MarkMatch::new);

    /** Whether {@code value} (a mark) satisfies the test, inversion included. */
    public boolean matches(long value) {
        return ((value & mark.mask()) == mark.value()) != inverted;
    }

    @Override
    public String module() {
        return "mark";
    }

    @Override
    public void writeOptions(SaveLine out) {
        out.option(inverted, "mark", mark.toString());
    }
}
