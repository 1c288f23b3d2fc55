package dev.rampart.analysis.audit.host;

import java.util.Locale;

/** The two kernel interfaces iptables can drive, as the host checks name them. */
public enum Backend {
    /** x_tables, driven by {@code iptables-legacy}. */
    LEGACY,
    /** nf_tables, driven by {@code iptables-nft}. */
    NF_TABLES;

    /** {@code legacy} or {@code nf_tables}, as {@code iptables --version} prints it. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The tool suffix: {@code -legacy} or {@code -nft}. */
    public String toolSuffix() {
        return this == LEGACY ? "-legacy" : "-nft";
    }
}
