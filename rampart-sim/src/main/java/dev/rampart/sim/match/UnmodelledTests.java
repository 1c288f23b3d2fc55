package dev.rampart.sim.match;

import dev.rampart.model.match.ClusterMatch;
import dev.rampart.model.match.CpuMatch;
import dev.rampart.model.match.IpvsMatch;
import dev.rampart.model.match.NfacctMatch;
import dev.rampart.model.match.OsfMatch;
import dev.rampart.model.match.PolicyMatch;
import dev.rampart.model.match.RateestMatch;
import dev.rampart.model.match.UnknownMatch;
import dev.rampart.sim.engine.PacketTest;

/**
 * Matches on facts outside the simulated world: the CPU, accounting objects, rate estimators, cluster
 * hashing, IPVS, IPsec policies, OS fingerprints, and modules Rampart does not know. Each compiles to a
 * fixed, documented answer and reports every use as approximate. The answer describes the simulated
 * world where one exists (one CPU, no IPVS, no IPsec) and otherwise assumes the match holds.
 */
final class UnmodelledTests {
    private UnmodelledTests() {
    }

    /** {@code -m cpu}: the simulator runs on CPU 0. */
    static PacketTest cpu(CpuMatch m) {
        return Approximations.constant("cpu: packets are taken to be processed on CPU 0",
                (m.cpu() == 0) != m.inverted());
    }

    /** {@code -m nfacct}: always matches (its quota state lives in the kernel; none is assumed). */
    static PacketTest nfacct(NfacctMatch m) {
        return Approximations.constant("nfacct: accounting object '" + m.name() + "' is kernel state (taken to match)",
                true);
    }

    /** {@code -m rateest}: estimator rates are measured by the kernel; taken to match. */
    static PacketTest rateest(RateestMatch m) {
        return Approximations.constant("rateest: estimator '" + m.name1() + "' rates are not simulated (taken to match)",
                true);
    }

    /** {@code -m cluster}: the connection is taken to hash to this node. */
    static PacketTest cluster(ClusterMatch m) {
        return Approximations.constant("cluster: node hashing is not simulated (taken to be this node's)",
                !m.inverted());
    }

    /**
     * {@code -m ipvs} (xt_ipvs.c): the simulator has no IPVS, so no packet has the IPVS property: a lone
     * {@code ! --ipvs} matches, everything else does not.
     */
    static PacketTest ipvs(IpvsMatch m) {
        boolean onlyProperty = m.ipvs() != null && m.vproto() == null && m.vaddr() == null && m.vport() == null
                && m.vdirReply() == null && m.vmethod() == null && m.vportctl() == null;
        boolean result = onlyProperty && m.ipvs().inverted();
        return Approximations.constant("ipvs: the simulator has no IPVS (no packet belongs to it)", result);
    }

    /**
     * {@code -m policy} (xt_policy.c): simulated packets are never IPsec-processed: {@code --pol none}
     * matches, {@code --pol ipsec} does not.
     */
    static PacketTest policy(PolicyMatch m) {
        return Approximations.constant("policy: IPsec is not simulated (no packet is IPsec-processed)", m.none());
    }

    /** {@code -m osf}: no fingerprint database; taken to recognise no OS (only {@code !} matches). */
    static PacketTest osf(OsfMatch m) {
        return Approximations.constant("osf: OS fingerprints are not simulated (no genre recognised)", m.inverted());
    }

    /** A module Rampart does not know: taken to match. */
    static PacketTest unknown(UnknownMatch m) {
        return Approximations.constant("unknown match module '" + m.module() + "' (taken to match)", true);
    }
}
