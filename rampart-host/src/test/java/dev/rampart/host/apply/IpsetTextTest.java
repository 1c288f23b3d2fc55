package dev.rampart.host.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Splitting ipset restore text by set, renaming for the swap, and reading live headers. */
class IpsetTextTest {

    @Test
    void splitsBySetAndRenames() {
        Map<String, IpsetText.SetBlock> sets = IpsetText.parse("""
                # blocklist
                create bl hash:net family inet hashsize 1024 maxelem 65536
                add bl 203.0.113.0/24
                create v6 hash:ip family inet6
                add bl 198.51.100.0/24 timeout 60
                """, "ipsets");
        assertThat(sets.keySet()).containsExactly("bl", "v6");
        IpsetText.SetBlock bl = sets.get("bl");
        assertThat(bl.type()).isEqualTo("hash:net");
        assertThat(bl.family()).isEqualTo("inet");
        assertThat(sets.get("v6").family()).isEqualTo("inet6");
        assertThat(bl.create().number()).isEqualTo(2);
        assertThat(bl.createAs("rt00-0")).isEqualTo("create rt00-0 hash:net family inet hashsize 1024 maxelem 65536");
        assertThat(bl.addsAs("rt00-0")).containsExactly("add rt00-0 203.0.113.0/24", "add rt00-0 198.51.100.0/24 timeout 60");
    }

    @Test
    void rejectsOtherCommandsAndAddsBeforeCreate() {
        assertThatThrownBy(() -> IpsetText.parse("flush\n", "f")).hasMessageContaining("f:1:");
        assertThatThrownBy(() -> IpsetText.parse("destroy x\n", "f")).hasMessageContaining("unsupported ipset command 'destroy'");
        assertThatThrownBy(() -> IpsetText.parse("add x 1.2.3.4\n", "f")).hasMessageContaining("f:1: 'add x' before 'create x'");
    }

    @Test
    void readsLiveHeaders() {
        assertThat(IpsetText.liveHeaders("""
                Name: bl
                Type: hash:net
                Revision: 7
                Header: family inet hashsize 1024 maxelem 65536 bucketsize 12 initval 0x1
                Size in memory: 504
                References: 1
                Number of entries: 1

                Name: six
                Type: hash:ip
                Revision: 6
                Header: family inet6 hashsize 1024 maxelem 65536
                """)).containsExactly(Map.entry("bl", "hash:net inet"), Map.entry("six", "hash:ip inet6"));
    }
}
