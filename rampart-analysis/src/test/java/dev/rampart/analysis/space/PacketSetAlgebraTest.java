package dev.rampart.analysis.space;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.model.Family;
import dev.rampart.sim.packet.Packet;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Set-algebra laws of {@link PacketSet} on random sets (built from random headers and matches with
 * union, intersection and difference), checked both structurally (emptiness, subset) and pointwise on
 * sampled packets and witnesses.
 */
class PacketSetAlgebraTest {
    private static final int SAMPLES = 200;

    private record Case(Samples samples, PacketSpace space, PacketSet a, PacketSet b, List<Packet> packets) {
    }

    private static Case draw(long seed, Family family) {
        Samples s = new Samples(seed, family);
        PacketSpace space = s.space();
        PacketSet a = s.set(space);
        PacketSet b = s.set(space);
        List<Packet> packets = new ArrayList<>();
        for (int i = 0; i < SAMPLES; i++) {
            packets.add(s.packet());
        }
        if (!a.isEmpty()) {
            packets.add(a.witness());
        }
        if (!b.isEmpty()) {
            packets.add(b.witness());
        }
        return new Case(s, space, a, b, packets);
    }

    @Property(tries = 150)
    void operationsAgreePointwiseWithBooleanLogic(@ForAll long seed, @ForAll boolean ipv6) {
        Case c = draw(seed, ipv6 ? Family.IPV6 : Family.IPV4);
        PacketSet union = c.a().union(c.b());
        PacketSet inter = c.a().intersect(c.b());
        PacketSet diff = c.a().minus(c.b());
        PacketSet notA = c.a().complement();
        for (Packet p : c.packets()) {
            boolean inA = c.a().contains(p);
            boolean inB = c.b().contains(p);
            assertThat(union.contains(p)).as("union, %s", p).isEqualTo(inA || inB);
            assertThat(inter.contains(p)).as("intersection, %s", p).isEqualTo(inA && inB);
            assertThat(diff.contains(p)).as("difference, %s", p).isEqualTo(inA && !inB);
            assertThat(notA.contains(p)).as("complement, %s", p).isEqualTo(!inA);
        }
    }

    @Property(tries = 150)
    void structuralLaws(@ForAll long seed, @ForAll boolean ipv6) {
        Case c = draw(seed, ipv6 ? Family.IPV6 : Family.IPV4);
        PacketSet a = c.a();
        PacketSet b = c.b();
        assertThat(a.isSubsetOf(a.union(b))).as("A within A u B").isTrue();
        assertThat(a.intersect(b).isSubsetOf(a)).as("A n B within A").isTrue();
        assertThat(a.intersect(a.complement()).isEmpty()).as("A n not A empty").isTrue();
        assertThat(a.union(a.complement()).sameAs(c.space().all())).as("A u not A is everything").isTrue();
        assertThat(a.minus(b).intersect(b).isEmpty()).as("A minus B disjoint from B").isTrue();
        assertThat(a.union(b).complement().sameAs(a.complement().intersect(b.complement())))
                .as("De Morgan: not (A u B)").isTrue();
        assertThat(a.intersect(b).complement().sameAs(a.complement().union(b.complement())))
                .as("De Morgan: not (A n B)").isTrue();
        assertThat(a.complement().complement().sameAs(a)).as("double complement").isTrue();
        assertThat(a.minus(b).union(a.intersect(b)).sameAs(a)).as("A = (A minus B) u (A n B)").isTrue();
        for (PacketSet s : List.of(a, b, a.union(b), a.intersect(b), a.minus(b), a.complement())) {
            List<Box> boxes = s.boxes();
            for (int i = 0; i < boxes.size(); i++) {
                for (int j = i + 1; j < boxes.size(); j++) {
                    assertThat(boxes.get(i).intersects(boxes.get(j))).as("boxes of a set are disjoint").isFalse();
                }
            }
        }
    }

    @Property(tries = 200)
    void witnessIsInEveryNonEmptySetAndEmptySetsHoldNoSample(@ForAll long seed, @ForAll boolean ipv6) {
        Case c = draw(seed, ipv6 ? Family.IPV6 : Family.IPV4);
        for (PacketSet s : List.of(c.a(), c.b(), c.a().minus(c.b()), c.a().intersect(c.b()), c.a().complement())) {
            if (s.isEmpty()) {
                for (Packet p : c.packets()) {
                    assertThat(s.contains(p)).as("empty set holds %s", p).isFalse();
                }
            } else {
                Packet w = s.witness();
                assertThat(s.contains(w)).as("witness %s of %s", w, s).isTrue();
                assertThat(w).as("witness is deterministic").isEqualTo(s.witness());
            }
        }
    }
}
