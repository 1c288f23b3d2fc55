package dev.rampart.model.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * {@code --probability} is printed as iptables-save's {@code %.11f} prints the kernel's fixed-point
 * value: the exact binary fraction rounded half to even. The integer formatting must agree with the
 * exact decimal arithmetic of {@link BigDecimal} for every fixed-point value.
 */
class StatisticProbabilityTextTest {

    private static String exact(long fixed) {
        return new BigDecimal(1.0 * fixed / StatisticMatch.ONE).setScale(11, RoundingMode.HALF_EVEN).toPlainString();
    }

    @Property(tries = 20_000)
    void agreesWithExactDecimalRounding(@ForAll @LongRange(min = 0, max = 0x80000000L) long fixed) {
        assertThat(StatisticMatch.probabilityText(fixed)).isEqualTo(exact(fixed));
    }

    @Test
    void printsKubeProxyProbabilitiesAndTheEnds() {
        assertThat(StatisticMatch.probabilityText(0)).isEqualTo("0.00000000000");
        assertThat(StatisticMatch.probabilityText(StatisticMatch.ONE)).isEqualTo("1.00000000000");
        assertThat(StatisticMatch.probabilityText(Math.round(StatisticMatch.ONE * 0.1))).isEqualTo("0.10000000009");
        assertThat(StatisticMatch.probabilityText(Math.round(StatisticMatch.ONE / 3.0))).isEqualTo("0.33333333349");
        for (long fixed = 0; fixed <= 4096; fixed++) {
            assertThat(StatisticMatch.probabilityText(fixed)).as("fixed %d", fixed).isEqualTo(exact(fixed));
        }
        for (long fixed = StatisticMatch.ONE - 4096; fixed <= StatisticMatch.ONE; fixed++) {
            assertThat(StatisticMatch.probabilityText(fixed)).as("fixed %d", fixed).isEqualTo(exact(fixed));
        }
    }

    @Test
    void roundsHalfToEvenOnExactTies() {
        // fixed * 10^11 / 2^31 ends in exactly one half when fixed * 5^11 * 2^11 = 2^30 (mod 2^31), that
        // is for fixed = 2^19 * odd: those ties must go to the even neighbour, both ways
        int up = 0;
        int down = 0;
        for (long odd = 1; odd < 1 << 12; odd += 2) {
            long fixed = odd << 19;
            String text = StatisticMatch.probabilityText(fixed);
            assertThat(text).as("fixed %d", fixed).isEqualTo(exact(fixed));
            BigDecimal tie = new BigDecimal(fixed).multiply(BigDecimal.valueOf(100_000_000_000L))
                    .divide(new BigDecimal(StatisticMatch.ONE));
            assertThat(tie.remainder(BigDecimal.ONE)).isEqualByComparingTo("0.5");
            if (new BigDecimal(text).movePointRight(11).compareTo(tie) > 0) {
                up++;
            } else {
                down++;
            }
        }
        assertThat(up).isPositive();
        assertThat(down).isPositive();
    }
}
