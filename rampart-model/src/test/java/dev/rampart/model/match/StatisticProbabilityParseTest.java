package dev.rampart.model.match;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * {@code --probability} is read by {@link StatisticMatch#parseDecimal}, whose allocation-free fast path
 * must give exactly the double {@link Double#parseDouble} gives (the kernel value is rounded from it).
 */
class StatisticProbabilityParseTest {

    private static double reference(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    @Property(tries = 20_000)
    void plainDecimalsReadAsParseDoubleReadsThem(@ForAll @LongRange(min = 0, max = 999_999_999_999_999L) long digits,
                                                 @ForAll @IntRange(min = 0, max = 17) int point) {
        String s = Long.toString(digits);
        String text = point >= s.length() ? "0." + "0".repeat(point - s.length()) + s
                : s.substring(0, s.length() - point) + "." + s.substring(s.length() - point);
        assertThat(Double.doubleToRawLongBits(StatisticMatch.parseDecimal(text))).as(text)
                .isEqualTo(Double.doubleToRawLongBits(reference(text)));
    }

    @Test
    void otherFormsFallBackToParseDouble() {
        for (String s : new String[] {"0.10000000009", "1", "1.", ".5", "0.5000000000000000001", "1e-1", "+0.5", "-0",
                " 0.5", "0.5 ", "0x1p-3", "NaN", "", ".", "0..5", "0.5d", "abc", "00000000000000000000.25"}) {
            assertThat(Double.doubleToRawLongBits(StatisticMatch.parseDecimal(s))).as("'%s'", s)
                    .isEqualTo(Double.doubleToRawLongBits(reference(s)));
        }
    }
}
