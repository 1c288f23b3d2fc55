package dev.rampart.analysis.space;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** {@link IntervalSet} against a {@link BitSet} model on a small domain, plus the signed-range edges. */
class IntervalSetTest {
    private static final int DOMAIN = 64;

    private static IntervalSet randomSet(Random r, BitSet model) {
        IntervalSet s = IntervalSet.EMPTY;
        for (int i = 0, n = r.nextInt(5); i < n; i++) {
            int a = r.nextInt(DOMAIN);
            int b = Math.min(DOMAIN - 1, a + r.nextInt(10));
            s = s.union(IntervalSet.of(a, b));
            model.set(a, b + 1);
        }
        return s;
    }

    @Property(tries = 500)
    void operationsMatchTheBitSetModel(@ForAll long seed) {
        Random r = new Random(seed);
        BitSet ma = new BitSet();
        BitSet mb = new BitSet();
        IntervalSet a = randomSet(r, ma);
        IntervalSet b = randomSet(r, mb);
        BitSet u = (BitSet) ma.clone();
        u.or(mb);
        BitSet i = (BitSet) ma.clone();
        i.and(mb);
        BitSet d = (BitSet) ma.clone();
        d.andNot(mb);
        for (int v = -1; v <= DOMAIN; v++) {
            assertThat(a.union(b).contains(v)).isEqualTo(u.get(Math.max(v, 0)) && v >= 0);
            assertThat(a.intersect(b).contains(v)).isEqualTo(i.get(Math.max(v, 0)) && v >= 0);
            assertThat(a.minus(b).contains(v)).isEqualTo(d.get(Math.max(v, 0)) && v >= 0);
        }
        assertThat(a.intersects(b)).isEqualTo(!i.isEmpty());
        assertThat(a.containsAll(a.intersect(b))).isTrue();
        // canonical form: equal sets are equal objects, intervals never touch
        assertThat(a.union(b)).isEqualTo(b.union(a));
        IntervalSet x = a.union(b);
        for (int k = 1; k < x.intervalCount(); k++) {
            assertThat(x.lo(k)).isGreaterThan(x.hi(k - 1) + 1);
        }
    }

    @Test
    void fullSignedRangeHasNoOverflow() {
        IntervalSet all = IntervalSet.of(Long.MIN_VALUE, Long.MAX_VALUE);
        IntervalSet mid = IntervalSet.of(-5, 5);
        IntervalSet rest = all.minus(mid);
        assertThat(rest.intervalCount()).isEqualTo(2);
        assertThat(rest.contains(Long.MIN_VALUE)).isTrue();
        assertThat(rest.contains(Long.MAX_VALUE)).isTrue();
        assertThat(rest.contains(0)).isFalse();
        assertThat(rest.union(mid)).isEqualTo(all);
        assertThat(IntervalSet.of(Long.MIN_VALUE, 0).union(IntervalSet.of(1, Long.MAX_VALUE))).isEqualTo(all);
        assertThat(all.minus(all).isEmpty()).isTrue();
    }

    @Test
    void pickPrefersTheFirstContainedValue() {
        IntervalSet s = IntervalSet.of(10, 20);
        assertThat(s.pick(5, 15, 12)).isEqualTo(15);
        assertThat(s.pick(5)).isEqualTo(10);
    }
}
