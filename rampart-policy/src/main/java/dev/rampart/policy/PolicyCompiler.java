package dev.rampart.policy;

import dev.rampart.model.Family;
import dev.rampart.model.Ruleset;
import dev.rampart.model.diag.Diagnostic;
import dev.rampart.model.ipset.IpSetWriter;
import dev.rampart.model.ipset.IpSets;
import dev.rampart.model.write.CanonicalWriter;
import dev.rampart.policy.emit.IpsetEmitter;
import dev.rampart.policy.emit.IptablesEmitter;
import dev.rampart.policy.emit.NftEmitter;
import dev.rampart.policy.ir.RuleProgram;
import dev.rampart.policy.yaml.PolicyLoader;
import dev.rampart.policy.yaml.YNode.YMap;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The policy compiler: policy file → checked {@link HostPolicy} → one {@link RuleProgram} per family →
 * the four output files. Either every output is produced or none: any error in the policy gives only
 * diagnostics.
 */
public final class PolicyCompiler {
    private final ServiceTable services;

    /** A compiler resolving service names with {@code services}. */
    public PolicyCompiler(ServiceTable services) {
        this.services = services;
    }

    /** The compiled outputs: the model rulesets (absent for a family the policy leaves out) and file texts. */
    public record Output(HostPolicy policy, Ruleset rulesV4, Ruleset rulesV6, IpSets ipsets, String nft) {

        /** {@code rules.v4} text (canonical iptables-save form), or null. */
        public String rulesV4Text() {
            return rulesV4 == null ? null : new CanonicalWriter(false).write(rulesV4);
        }

        /** {@code rules.v6} text, or null. */
        public String rulesV6Text() {
            return rulesV6 == null ? null : new CanonicalWriter(false).write(rulesV6);
        }

        /** {@code ipsets} text ({@code ipset restore} input). */
        public String ipsetsText() {
            return new IpSetWriter().write(ipsets);
        }
    }

    /** Either outputs or diagnostics (at least one error). */
    public record Result(Output output, List<Diagnostic> diagnostics) {
        public boolean ok() {
            return output != null;
        }
    }

    /** Compiles the policy at {@code file}, naming it {@code displayName} in diagnostics and comments. */
    public Result compile(Path file, String displayName) throws IOException {
        PolicyProblems problems = new PolicyProblems();
        YMap root = new PolicyLoader(problems).load(file, displayName);
        Path dir = file.toAbsolutePath().getParent();
        return finish(root, displayName, problems, dir);
    }

    /** Compiles policy text (includes and list files relative to the working directory). */
    public Result compileString(String text, String displayName) {
        PolicyProblems problems = new PolicyProblems();
        YMap root = new PolicyLoader(problems).loadString(text, displayName);
        return finish(root, displayName, problems, Path.of("").toAbsolutePath());
    }

    private Result finish(YMap root, String displayName, PolicyProblems problems, Path dir) {
        if (root == null || problems.hasErrors()) {
            return new Result(null, problems.all());
        }
        HostPolicy policy = new PolicyReader(problems, services, dir).read(root, displayName);
        if (policy == null || problems.hasErrors()) {
            return new Result(null, problems.all());
        }
        RuleCompiler compiler = new RuleCompiler(policy);
        IptablesEmitter ipt = new IptablesEmitter();
        List<RuleProgram> programs = new ArrayList<>();
        Ruleset v4 = null;
        Ruleset v6 = null;
        for (Family f : List.of(Family.IPV4, Family.IPV6)) {
            if (!policy.families().contains(f)) {
                continue;
            }
            RuleProgram p = compiler.compile(f);
            programs.add(p);
            if (f == Family.IPV4) {
                v4 = ipt.ruleset(p);
            } else {
                v6 = ipt.ruleset(p);
            }
        }
        IpSets sets = new IpsetEmitter().sets(policy.sets(), policy.families());
        String nft = new NftEmitter().emit(policy, programs);
        return new Result(new Output(policy, v4, v6, sets, nft), List.of());
    }
}
