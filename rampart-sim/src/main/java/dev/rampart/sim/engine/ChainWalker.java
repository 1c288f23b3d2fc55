package dev.rampart.sim.engine;

import dev.rampart.model.Policy;
import dev.rampart.model.target.Verdict;
import dev.rampart.sim.classify.RuleCursor;
import java.util.ArrayDeque;

/**
 * Walks one table's built-in chain at one hook for one packet, as {@code ipt_do_table} /
 * {@code nft_do_chain} do: rules in order (only those the chain's index proposes), a rule's counter
 * moves when all its matches hold, jumps push a return point, gotos do not, RETURN or the end of a
 * user chain pops, and the end of the built-in chain (or RETURN in it) applies the policy and moves
 * the policy counter. Non-terminating targets act on the packet and the walk goes on.
 */
final class ChainWalker {
    private final RunEnv env;
    private final TargetEffects effects;
    private final ArrayDeque<Frame> stack = new ArrayDeque<>(8);
    private TraceRecorder recorder;

    ChainWalker(RunEnv env, TargetEffects effects) {
        this.env = env;
        this.effects = effects;
    }

    /** Where the walks of the current packet record what they do. */
    void recordTo(TraceRecorder rec) {
        recorder = rec;
    }

    /** One suspended chain on the call stack: where to resume. */
    private record Frame(CompiledChain chain, RuleCursor cursor) {
    }

    TableVerdict walk(CompiledChain base, PacketState packet) {
        Hook hook = packet.hook();
        stack.clear();
        CompiledChain chain = base;
        RuleCursor cursor = chain.index().cursor(packet);
        while (true) {
            int i = cursor.next();
            if (i < 0) {
                if (stack.isEmpty()) {
                    return policy(base, hook);
                }
                if (recorder.recordsSteps()) {
                    recorder.step(hook, new CounterRef(chain.table(), chain.name(), chain.rules().size() + 1), "return",
                            "return");
                }
                Frame f = stack.pop();
                chain = f.chain();
                cursor = f.cursor();
                continue;
            }
            CompiledRule rule = chain.rules().get(i);
            CounterRef ref = rule.counter();
            env.setCurrentRule(ref);
            if (!rule.matches(packet, env)) {
                continue;
            }
            recorder.counter(ref);
            var target = rule.target();
            if (target == null) {
                recorder.step(hook, ref, "rule", "continue");
                continue;
            }
            if (rule.chainTarget() != null) {
                if (recorder.recordsSteps()) {
                    recorder.step(hook, ref, "rule", (rule.goTo() ? "goto " : "jump ") + rule.chainTarget().name());
                }
                if (!rule.goTo()) {
                    stack.push(new Frame(chain, cursor));
                }
                chain = rule.chainTarget();
                cursor = chain.index().cursor(packet);
                continue;
            }
            if (target == Verdict.RETURN) {
                recorder.step(hook, ref, "rule", "RETURN");
                if (stack.isEmpty()) {
                    return policy(base, hook);
                }
                Frame f = stack.pop();
                chain = f.chain();
                cursor = f.cursor();
                continue;
            }
            TargetEffects.Outcome outcome = effects.apply(target, packet);
            if (recorder.recordsSteps()) {
                recorder.step(hook, ref, "rule", target.name());
            }
            if (outcome != TargetEffects.Outcome.CONTINUE) {
                decided(base, ref);
                return switch (outcome) {
                    case ACCEPT -> TableVerdict.ACCEPT;
                    case DROP -> TableVerdict.DROP;
                    case REJECT -> TableVerdict.REJECT;
                    case QUEUE -> TableVerdict.QUEUE;
                    case CONTINUE -> throw new IllegalStateException();
                };
            }
        }
    }

    private TableVerdict policy(CompiledChain base, Hook hook) {
        CounterRef ref = CounterRef.policy(base.table(), base.name());
        env.setCurrentRule(null);
        recorder.counter(ref);
        recorder.step(hook, ref, "policy", base.policy().name());
        decided(base, ref);
        return base.policy() == Policy.DROP ? TableVerdict.DROP : TableVerdict.ACCEPT;
    }

    private void decided(CompiledChain base, CounterRef ref) {
        recorder.lastDecision = ref;
        if (base.table() == dev.rampart.model.TableName.FILTER) {
            recorder.filterDecision = ref;
        }
    }
}
