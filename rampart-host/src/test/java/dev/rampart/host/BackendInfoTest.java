package dev.rampart.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.host.BackendInfo.Backend;
import org.junit.jupiter.api.Test;

class BackendInfoTest {

    @Test
    void nftBackend() {
        assertThat(BackendInfo.parse("iptables v1.8.9 (nf_tables)\n"))
                .isEqualTo(new BackendInfo("iptables", "1.8.9", Backend.NF_TABLES));
    }

    @Test
    void legacyBackend() {
        assertThat(BackendInfo.parse("ip6tables v1.8.7 (legacy)"))
                .isEqualTo(new BackendInfo("ip6tables", "1.8.7", Backend.LEGACY));
    }

    @Test
    void oldVersionsWithoutSuffixAreLegacy() {
        assertThat(BackendInfo.parse("iptables v1.6.1").backend()).isEqualTo(Backend.LEGACY);
        assertThat(BackendInfo.parse("iptables v1.4.21\n").version()).isEqualTo("1.4.21");
    }

    @Test
    void toolVariantNamesAreAccepted() {
        assertThat(BackendInfo.parse("iptables-nft v1.8.10 (nf_tables)").command()).isEqualTo("iptables");
    }

    @Test
    void versionComparison() {
        BackendInfo b = BackendInfo.parse("iptables v1.8.9 (nf_tables)");
        assertThat(b.atLeast(1, 8, 9)).isTrue();
        assertThat(b.atLeast(1, 8, 0)).isTrue();
        assertThat(b.atLeast(1, 8, 10)).isFalse();
        assertThat(b.atLeast(1, 9, 0)).isFalse();
        assertThat(BackendInfo.parse("iptables v1.8").atLeast(1, 8, 0)).isTrue();
    }

    @Test
    void unknownTextIsRejectedWithTheTextQuoted() {
        assertThatThrownBy(() -> BackendInfo.parse("nft v1.0.6 (Lester Gooch #5)"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unrecognised 'iptables --version' output 'nft v1.0.6 (Lester Gooch #5)';"
                        + " expected something like 'iptables v1.8.9 (nf_tables)'");
        assertThatThrownBy(() -> BackendInfo.parse("iptables v1.8.9 (ebpf)"))
                .hasMessage("unknown iptables backend 'ebpf' in 'iptables v1.8.9 (ebpf)'; expected 'nf_tables' or 'legacy'");
    }
}
