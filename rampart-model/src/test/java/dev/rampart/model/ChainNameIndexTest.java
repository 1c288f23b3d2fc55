package dev.rampart.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The parser finds chains by a region of the input ({@link RulesetBuilder#find(TableName, String, int, int)});
 * the answer must always be the one the builder's own map gives, also after chains are deleted and
 * renamed, and it must be the stored name string.
 */
class ChainNameIndexTest {

    /** {@code name} inside a longer text, as a token of a rule line. */
    private static String find(RulesetBuilder b, TableName table, String name) {
        String line = "-A " + name + " -j ACCEPT";
        return b.find(table, line, 3, 3 + name.length());
    }

    @Test
    void findsDeclaredChainsByRegionAndReturnsTheStoredName() {
        RulesetBuilder b = new RulesetBuilder(Family.IPV4);
        b.reset(TableName.NAT);
        String stored = new String("KUBE-SVC-ABC");
        assertThat(b.declareNewUserChain(TableName.NAT, stored, null, SourcePos.NONE)).isTrue();
        assertThat(find(b, TableName.NAT, "KUBE-SVC-ABC")).isSameAs(stored);
        assertThat(find(b, TableName.NAT, "PREROUTING")).isEqualTo("PREROUTING");
        assertThat(find(b, TableName.NAT, "KUBE-SVC-AB")).isNull();
        assertThat(find(b, TableName.NAT, "KUBE-SVC-ABCD")).isNull();
        assertThat(find(b, TableName.FILTER, "KUBE-SVC-ABC")).isNull();
        assertThat(find(b, TableName.FILTER, "INPUT")).isEqualTo("INPUT");
    }

    @Test
    void followsDeletesRenamesAndResets() {
        RulesetBuilder b = new RulesetBuilder(Family.IPV4);
        b.reset(TableName.FILTER);
        assertThat(b.newChain(TableName.FILTER, "A", SourcePos.NONE)).isNull();
        assertThat(b.newChain(TableName.FILTER, "B", SourcePos.NONE)).isNull();
        assertThat(b.deleteChain(TableName.FILTER, "A")).isNull();
        assertThat(find(b, TableName.FILTER, "A")).isNull();
        assertThat(find(b, TableName.FILTER, "B")).isEqualTo("B");
        assertThat(b.newChain(TableName.FILTER, "A", SourcePos.NONE)).isNull();
        assertThat(find(b, TableName.FILTER, "A")).isEqualTo("A");
        assertThat(b.rename(TableName.FILTER, "B", "C")).isNull();
        assertThat(find(b, TableName.FILTER, "B")).isNull();
        assertThat(find(b, TableName.FILTER, "C")).isEqualTo("C");
        assertThat(b.deleteChain(TableName.FILTER, null)).isNull();
        assertThat(find(b, TableName.FILTER, "A")).isNull();
        assertThat(find(b, TableName.FILTER, "C")).isNull();
        b.newChain(TableName.FILTER, "D", SourcePos.NONE);
        b.reset(TableName.FILTER);
        assertThat(find(b, TableName.FILTER, "D")).isNull();
        assertThat(find(b, TableName.FILTER, "FORWARD")).isEqualTo("FORWARD");
    }

    @Test
    void agreesWithTheMapThroughManyAddsAndRemoves() {
        ChainNameIndex index = new ChainNameIndex();
        Set<String> present = new HashSet<>();
        List<String> all = new ArrayList<>();
        Random random = new Random(42);
        for (int k = 0; k < 5_000; k++) {
            all.add("C" + Integer.toString(random.nextInt(20_000), 36));
        }
        for (int step = 0; step < 50_000; step++) {
            String name = all.get(random.nextInt(all.size()));
            if (present.contains(name) && random.nextBoolean()) {
                index.remove(name);
                present.remove(name);
            } else if (!present.contains(name)) {
                index.add(name);
                present.add(name);
            }
            String probe = all.get(random.nextInt(all.size()));
            String text = "x" + probe + "y";
            assertThat(index.find(text, 1, 1 + probe.length()) != null).as(probe).isEqualTo(present.contains(probe));
        }
        for (String name : all) {
            assertThat(index.find(name, 0, name.length()) != null).as(name).isEqualTo(present.contains(name));
        }
    }
}
