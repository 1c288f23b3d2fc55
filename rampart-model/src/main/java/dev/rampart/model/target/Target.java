package dev.rampart.model.target;

import dev.rampart.model.write.SaveLine;

/**
 * What a rule does when it matches: a standard {@link Verdict}, a {@link Jump} or {@link Goto} to a user
 * chain, or a typed target extension. Targets Rampart does not know are {@link UnknownTarget}, kept
 * verbatim.
 */
public sealed interface Target permits
        Verdict, Jump, Goto,
        // --- core targets
        RejectTarget, LogTarget,
        // --- group T: target extensions (helper T)
        NflogTarget,
        DnatTarget,
        SnatTarget,
        MasqueradeTarget,
        RedirectTarget,
        NetmapTarget,
        MarkTarget,
        ConnmarkTarget,
        CtTarget,
        NotrackTarget,
        TraceTarget,
        TcpmssTarget,
        ChecksumTarget,
        NfqueueTarget,
        SetTarget,
        TeeTarget,
        TproxyTarget,
        TtlTarget,
        EcnTarget,
        DscpTarget,
        TosTarget,
        ClassifyTarget,
        ConnsecmarkTarget,
        SecmarkTarget,
        AuditTarget,
        HmarkTarget,
        IdletimerTarget,
        LedTarget,
        RateestTarget,
        SynproxyTarget,
        TcpoptstripTarget,
        NptTarget,
        // --- end group T
        UnknownTarget {

    /** The name written after {@code -j} (or {@code -g}). */
    String name();

    /** Appends the target's options, in iptables-save order. */
    void writeOptions(SaveLine out);

    /** Whether the target ends traversal of the packet in this chain (a verdict, jump/goto aside). */
    default boolean isTerminal() {
        return false;
    }

    /** Whether Rampart models this target exactly (false only for {@link UnknownTarget}). */
    default boolean isKnown() {
        return true;
    }
}
