package dev.rampart.sim.engine;

import dev.rampart.model.Policy;
import dev.rampart.model.TableName;
import dev.rampart.model.target.Verdict;
import dev.rampart.sim.classify.Candidates;
import dev.rampart.sim.classify.RuleIndex;
import java.util.Arrays;

/**
 * Walks one table's built-in chain at one hook for one packet, as {@code ipt_do_table} /
 * {@code nft_do_chain} do: rules in order (only those the chain's index proposes), a rule's counter
 * moves when all its matches hold, jumps push a return point, gotos do not, RETURN or the end of a
 * user chain pops, and the end of the built-in chain (or RETURN in it) applies the policy and moves
 * the policy counter. Non-terminating targets act on the packet and the walk goes on.
 *
 * <h2>Design</h2>
 * The walk allocates nothing per packet. The chain being walked lives in locals: its rules, whether its
 * index is linear (then {@code next}/{@code end} are rule positions) or not (then they delimit the
 * chain's run of candidate positions in the shared {@link Candidates} stack, which the index appended on
 * entry). A jump saves those locals in the frame arrays and appends the callee's candidates above the
 * caller's; returning truncates the stack back to the callee's start and restores the caller. A goto
 * replaces the current chain, its candidates included.
 */
final class ChainWalker {
    private final RunEnv env;
    private final TargetEffects effects;
    private final Candidates candidates = new Candidates();
    /** Saved callers: chain, its rules, linear or not, next, end and candidate start of each frame. */
    private CompiledChain[] frameChain = new CompiledChain[8];
    private CompiledRule[][] frameRules = new CompiledRule[8][];
    private boolean[] frameLinear = new boolean[8];
    private int[] frameNext = new int[8];
    private int[] frameEnd = new int[8];
    private int[] frameStart = new int[8];
    private TraceRecorder recorder;
    /** Rules evaluated (matches tried) by this walker so far. */
    private long evaluated;

    ChainWalker(RunEnv env, TargetEffects effects) {
        this.env = env;
        this.effects = effects;
    }

    /** Where the walks of the current packet record what they do. */
    void recordTo(TraceRecorder rec) {
        recorder = rec;
    }

    TableVerdict walk(CompiledChain base, PacketState packet) {
        Hook hook = packet.hook();
        TraceRecorder rec = recorder;
        Candidates cands = candidates;
        cands.truncate(0);
        int depth = 0;
        CompiledChain chain = base;
        CompiledRule[] rules = chain.ruleArray();
        RuleIndex baseIndex = chain.indexAfterRules();
        boolean linear = baseIndex instanceof RuleIndex.Linear;
        int start = 0;
        boolean returned = false;
        int next = 0;
        int end = enter(baseIndex, linear, rules.length, packet);
        while (true) {
            if (next >= end) {
                if (depth == 0) {
                    return policy(base, hook);
                }
                if (!returned && rec.recordsSteps()) {
                    rec.step(hook, new CounterRef(chain.table(), chain.name(), rules.length + 1), "return", "return");
                }
                returned = false;
                cands.truncate(start);
                depth--;
                chain = frameChain[depth];
                rules = frameRules[depth];
                linear = frameLinear[depth];
                frameChain[depth] = null;
                frameRules[depth] = null;
                next = frameNext[depth];
                end = frameEnd[depth];
                start = frameStart[depth];
                continue;
            }
            int i = linear ? next : cands.at(next);
            next++;
            CompiledRule rule = rules[i];
            CounterRef ref = rule.counter();
            env.setCurrentRule(ref);
            evaluated++;
            if (!rule.matches(packet, env)) {
                continue;
            }
            rec.counter(ref);
            var target = rule.target();
            if (target == null) {
                rec.step(hook, ref, "rule", "continue");
                continue;
            }
            CompiledChain callee = rule.chainTarget();
            if (callee != null) {
                if (rec.recordsSteps()) {
                    rec.step(hook, ref, "rule", (rule.goTo() ? "goto " : "jump ") + callee.name());
                }
                CompiledRule[] calleeRules = rule.calleeRules();
                if (!rule.goTo() && calleeRules.length == 0) {
                    // a jump into an empty chain comes straight back (kube-proxy jumps into several)
                    if (rec.recordsSteps()) {
                        rec.step(hook, new CounterRef(callee.table(), callee.name(), 1), "return", "return");
                    }
                    continue;
                }
                if (rule.goTo()) {
                    cands.truncate(start);
                } else {
                    push(depth, chain, rules, linear, next, end, start);
                    depth++;
                }
                chain = callee;
                rules = calleeRules;
                RuleIndex index = rule.calleeIndexAfterRules();
                linear = index instanceof RuleIndex.Linear;
                start = cands.size();
                next = linear ? 0 : start;
                end = enter(index, linear, rules.length, packet);
                continue;
            }
            if (target == Verdict.RETURN) {
                rec.step(hook, ref, "rule", "RETURN");
                next = end; // leaves the chain as its end does, without the end's "return" step
                returned = true;
                continue;
            }
            TargetEffects.Outcome outcome = effects.apply(rule, packet);
            if (rec.recordsSteps()) {
                rec.step(hook, ref, "rule", target.name());
            }
            if (outcome != TargetEffects.Outcome.CONTINUE) {
                Arrays.fill(frameChain, 0, depth, null);
                Arrays.fill(frameRules, 0, depth, null);
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

    /**
     * Where the walk of a chain just entered ends: its rule count when {@code linear} (positions are rule
     * numbers), else the end of the candidates its index appends now (positions index the stack).
     */
    private int enter(RuleIndex index, boolean linear, int ruleCount, PacketState packet) {
        if (linear) {
            return ruleCount;
        }
        index.candidates(packet, candidates);
        return candidates.size();
    }

    /** Number of rules whose matches this walker has tried, over all packets. */
    long rulesEvaluated() {
        return evaluated;
    }

    /** Saves the caller's place in frame {@code depth}, growing the frame arrays when needed. */
    private void push(int depth, CompiledChain chain, CompiledRule[] rules, boolean linear, int next, int end,
                      int start) {
        if (depth == frameChain.length) {
            int n = depth * 2;
            frameChain = Arrays.copyOf(frameChain, n);
            frameRules = Arrays.copyOf(frameRules, n);
            frameLinear = Arrays.copyOf(frameLinear, n);
            frameNext = Arrays.copyOf(frameNext, n);
            frameEnd = Arrays.copyOf(frameEnd, n);
            frameStart = Arrays.copyOf(frameStart, n);
        }
        frameChain[depth] = chain;
        frameRules[depth] = rules;
        frameLinear[depth] = linear;
        frameNext[depth] = next;
        frameEnd[depth] = end;
        frameStart[depth] = start;
    }

    private TableVerdict policy(CompiledChain base, Hook hook) {
        CounterRef ref = base.policyCounter();
        env.setCurrentRule(null);
        recorder.counter(ref);
        recorder.step(hook, ref, "policy", base.policy().name());
        decided(base, ref);
        return base.policy() == Policy.DROP ? TableVerdict.DROP : TableVerdict.ACCEPT;
    }

    private void decided(CompiledChain base, CounterRef ref) {
        recorder.lastDecision = ref;
        if (base.table() == TableName.FILTER) {
            recorder.filterDecision = ref;
        }
    }
}
