package dev.rampart.cli.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rampart.host.BackendInfo;
import dev.rampart.host.BackendInfo.Backend;
import dev.rampart.host.probe.BackendContent;
import dev.rampart.host.probe.HostReport;
import dev.rampart.host.probe.OsRelease;
import dev.rampart.host.probe.PersistenceLayout;
import dev.rampart.host.probe.ToolPresence;
import dev.rampart.host.probe.ToolVersion;
import dev.rampart.model.Family;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The text and JSON reports of 'rampart host' for a report built by hand (the probe itself: HostProbeIT). */
class HostCommandTest {
    static HostReport report() {
        OsRelease os = OsRelease.parse("ID=ubuntu\nID_LIKE=debian\nVERSION_ID=\"22.04\"\nPRETTY_NAME=\"Ubuntu 22.04.4 LTS\"\n");
        List<BackendContent> backends = List.of(
                BackendContent.of(Backend.NF_TABLES, Family.IPV4, "*filter\n:INPUT DROP [0:0]\n-A INPUT -i lo -j ACCEPT\nCOMMIT\n"),
                BackendContent.of(Backend.LEGACY, Family.IPV4, "*filter\n:INPUT ACCEPT [0:0]\n:DOCKER - [0:0]\nCOMMIT\n"),
                BackendContent.of(Backend.NF_TABLES, Family.IPV6, ""),
                new BackendContent(Backend.LEGACY, Family.IPV6, "ip6tables-legacy-save", false, 0, List.of(), List.of(), null));
        return new HostReport(os, PersistenceLayout.choose(os), BackendInfo.parse("iptables v1.8.7 (nf_tables)"), null,
                backends, new ToolVersion("ipset", true, "7.15", null), new ToolVersion("nft", false, "", "not installed"),
                List.of(), List.of(new ToolPresence("firewalld", null, null, null, null, false, List.of()),
                new ToolPresence("ufw", "/usr/sbin/ufw", "/lib/systemd/system/ufw.service", "/etc/ufw", null, true,
                        List.of("ufw-before-input")),
                new ToolPresence("docker", null, null, null, null, false, List.of("DOCKER")),
                new ToolPresence("fail2ban", null, null, null, null, false, List.of())));
    }

    @Test
    void textReport() {
        assertThat(HostCommand.text(report())).isEqualTo("""
                distribution: Ubuntu 22.04.4 LTS
                persistence:  debian (/etc/iptables/rules.v4, /etc/iptables/rules.v6, /etc/iptables/ipsets; iptables-persistent / ipset-persistent (netfilter-persistent.service)); os-release names Ubuntu 22.04.4 LTS (Debian family)
                iptables:     1.8.7, nf_tables backend
                backends:
                  iptables-nft-save: 1 rule, 0 user chains, 1 policy not ACCEPT
                  iptables-legacy-save: 0 rules, 1 user chain, 0 policies not ACCEPT
                  ip6tables-nft-save: empty
                  ip6tables-legacy-save: not installed
                ipset:        7.15
                nft:          not installed
                tools:
                  firewalld: not found
                  ufw: active; binary /usr/sbin/ufw, unit /lib/systemd/system/ufw.service, config /etc/ufw, ENABLED=yes, chains ufw-before-input
                  docker: active; chains DOCKER
                  fail2ban: not found
                warnings:
                  IPv4 rules are present in BOTH the legacy and the nf_tables backend; the kernel applies both, but 'iptables' shows only the nf_tables one
                  ufw is active: it rewrites the firewall on reload and at boot, so rules persisted by Rampart may be overwritten or conflict with it
                """);
    }

    @Test
    void jsonReport() {
        JsonNode j = HostCommand.json(report());
        assertThat(j.get("os").get("id_like").toString()).isEqualTo("[\"debian\"]");
        assertThat(j.get("persistence").get("mode").asText()).isEqualTo("0640");
        assertThat(j.get("iptables").get("backend").asText()).isEqualTo("nf_tables");
        assertThat(j.get("backends").get(1).get("user_chains").toString()).isEqualTo("[\"filter/DOCKER\"]");
        assertThat(j.get("backends").get(3).get("available").asBoolean()).isFalse();
        assertThat(j.get("both_backends_hold_rules").toString()).isEqualTo("[4]");
        assertThat(j.get("nft").get("problem").asText()).isEqualTo("not installed");
        assertThat(j.get("tools").get("ufw").get("active").asBoolean()).isTrue();
        assertThat(j.get("tools").get("firewalld").get("binary").isNull()).isTrue();
        assertThat(j.get("warnings")).hasSize(2);
    }
}
