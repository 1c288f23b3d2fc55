package dev.rampart.analysis.audit;

import dev.rampart.analysis.audit.checks.AcceptAll;
import dev.rampart.analysis.audit.checks.CorrelatedRules;
import dev.rampart.analysis.audit.checks.DefaultPolicy;
import dev.rampart.analysis.audit.checks.DockerUserEmpty;
import dev.rampart.analysis.audit.checks.DropsNotLogged;
import dev.rampart.analysis.audit.checks.EchoUnlimited;
import dev.rampart.analysis.audit.checks.EmptyUserChain;
import dev.rampart.analysis.audit.checks.EstablishedLate;
import dev.rampart.analysis.audit.checks.ForwardOpenNonRouter;
import dev.rampart.analysis.audit.checks.GeneralisedRule;
import dev.rampart.analysis.audit.checks.HotRuleLate;
import dev.rampart.analysis.audit.checks.IcmpAllDropped;
import dev.rampart.analysis.audit.checks.InvalidNotDropped;
import dev.rampart.analysis.audit.checks.IpsetCandidate;
import dev.rampart.analysis.audit.checks.Ipv6Missing;
import dev.rampart.analysis.audit.checks.Ipv6MorePermissive;
import dev.rampart.analysis.audit.checks.LogWithoutLimit;
import dev.rampart.analysis.audit.checks.LoopbackSpoofAccepted;
import dev.rampart.analysis.audit.checks.ManagedChainsMixed;
import dev.rampart.analysis.audit.checks.NoEstablishedAccept;
import dev.rampart.analysis.audit.checks.NoLoopbackAccept;
import dev.rampart.analysis.audit.checks.OutputDropNoReplies;
import dev.rampart.analysis.audit.checks.RedundantRule;
import dev.rampart.analysis.audit.checks.RuleNeverHit;
import dev.rampart.analysis.audit.checks.ServicePortOpen;
import dev.rampart.analysis.audit.checks.ShadowedRule;
import dev.rampart.analysis.audit.checks.SshWithoutRateLimit;
import dev.rampart.analysis.audit.checks.UnreachableAfterTerminal;
import dev.rampart.analysis.audit.checks.UnreferencedUserChain;
import dev.rampart.analysis.audit.host.BothBackendsHoldRules;
import dev.rampart.analysis.audit.host.ForwardRulesNotRouting;
import dev.rampart.analysis.audit.host.ForwardingUnfiltered;
import dev.rampart.analysis.audit.host.PersistenceMissing;
import dev.rampart.analysis.audit.host.PersistenceStale;
import dev.rampart.analysis.audit.host.RedirectsAccepted;
import dev.rampart.analysis.audit.host.RedirectsSent;
import dev.rampart.analysis.audit.host.ReversePathFilterOff;
import dev.rampart.analysis.audit.host.RouterAdvertisementsAccepted;
import dev.rampart.analysis.audit.host.SyncookiesOff;
import java.util.List;
import java.util.Optional;

/**
 * Every check {@code rampart audit} runs, in id order. The host checks (RA130 and up, package
 * {@code host}) report only in {@code audit --live}, whose context carries host facts. Adding a check: one class, one line here, one page
 * {@code docs/checks/<id>.md} (a test fails when a listed check has no page or ids repeat).
 */
public final class CheckCatalog {
    private static final List<Check> ALL = List.of(
            new DefaultPolicy(),
            new NoLoopbackAccept(),
            new LoopbackSpoofAccepted(),
            new NoEstablishedAccept(),
            new EstablishedLate(),
            new InvalidNotDropped(),
            new LogWithoutLimit(),
            new DropsNotLogged(),
            new UnreachableAfterTerminal(),
            new IpsetCandidate(),
            new Ipv6Missing(),
            new ForwardOpenNonRouter(),
            new DockerUserEmpty(),
            new ManagedChainsMixed(),
            new OutputDropNoReplies(),
            new IcmpAllDropped(),
            new EchoUnlimited(),
            new AcceptAll(),
            new UnreferencedUserChain(),
            new EmptyUserChain(),
            new RuleNeverHit(),
            new HotRuleLate(),
            new ShadowedRule(),
            new RedundantRule(),
            new GeneralisedRule(),
            new CorrelatedRules(),
            new SshWithoutRateLimit(),
            new ServicePortOpen(),
            new Ipv6MorePermissive(),
            new SyncookiesOff(),
            new ReversePathFilterOff(),
            new ForwardingUnfiltered(),
            new ForwardRulesNotRouting(),
            new RedirectsAccepted(),
            new RedirectsSent(),
            new PersistenceMissing(),
            new PersistenceStale(),
            new BothBackendsHoldRules(),
            new RouterAdvertisementsAccepted());

    private CheckCatalog() {
    }

    /** All checks, in id order. */
    public static List<Check> all() {
        return ALL;
    }

    /** The check with {@code id}, if any. */
    public static Optional<Check> byId(String id) {
        return ALL.stream().filter(c -> c.id().equals(id)).findFirst();
    }
}
