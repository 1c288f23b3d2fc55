package dev.rampart.model.target;

import dev.rampart.model.ext.TargetExtension;
import java.util.List;

/** Every target extension Rampart knows (standard verdicts and chain jumps are not extensions). */
public final class TargetCatalog {
    private TargetCatalog() {
    }

    /** All target extensions, in no particular order. */
    public static List<TargetExtension> all() {
        return List.of(
                // --- core
                RejectTarget.EXTENSION,
                LogTarget.EXTENSION,
                // --- group T: target extensions (helper T)
                NflogTarget.EXTENSION,
                DnatTarget.EXTENSION,
                SnatTarget.EXTENSION,
                MasqueradeTarget.EXTENSION,
                RedirectTarget.EXTENSION,
                NetmapTarget.EXTENSION,
                MarkTarget.EXTENSION,
                ConnmarkTarget.EXTENSION,
                CtTarget.EXTENSION,
                NotrackTarget.EXTENSION,
                TraceTarget.EXTENSION,
                TcpmssTarget.EXTENSION,
                ChecksumTarget.EXTENSION,
                NfqueueTarget.EXTENSION,
                SetTarget.EXTENSION,
                TeeTarget.EXTENSION,
                TproxyTarget.EXTENSION,
                TtlTarget.EXTENSION,
                TtlTarget.HL_EXTENSION,
                EcnTarget.EXTENSION,
                DscpTarget.EXTENSION,
                TosTarget.EXTENSION,
                ClassifyTarget.EXTENSION,
                ConnsecmarkTarget.EXTENSION,
                SecmarkTarget.EXTENSION,
                AuditTarget.EXTENSION,
                HmarkTarget.EXTENSION,
                IdletimerTarget.EXTENSION,
                LedTarget.EXTENSION,
                RateestTarget.EXTENSION,
                SynproxyTarget.EXTENSION,
                TcpoptstripTarget.EXTENSION,
                NptTarget.SNPT_EXTENSION,
                NptTarget.DNPT_EXTENSION
                // --- end group T
        );
    }
}
