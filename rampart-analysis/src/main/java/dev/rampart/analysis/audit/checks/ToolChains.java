package dev.rampart.analysis.audit.checks;

import java.util.List;

/**
 * Chains that firewall managers and container tools create and own (ufw, firewalld, Docker, Kubernetes,
 * fail2ban, libvirt, CNI plugins): they keep placeholders and spare chains on purpose, so the chain
 * hygiene checks leave them alone.
 */
final class ToolChains {
    private static final List<String> PREFIXES = List.of("ufw-", "ufw6-", "DOCKER", "KUBE-", "f2b-", "fail2ban-",
            "LIBVIRT_", "CNI-", "cali-", "FLANNEL", "FWDI_", "FWDO_", "IN_", "OUT_", "FWD_", "INPUT_", "OUTPUT_",
            "FORWARD_", "PREROUTING_", "POSTROUTING_", "POST_", "PRE_", "sshguard");

    private ToolChains() {
    }

    /** Whether {@code chain} belongs to a manager or container tool. */
    static boolean isToolChain(String chain) {
        for (String p : PREFIXES) {
            if (chain.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}
