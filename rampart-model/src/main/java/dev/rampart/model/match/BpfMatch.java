package dev.rampart.model.match;

import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.MatchExtension;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.write.SaveLine;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code -m bpf}: a classic BPF program ({@code --bytecode "N,code jt jf k,..."}, at most 64
 * instructions) run on the packet from its network header, matching when it returns non-zero; or a
 * pinned eBPF object ({@code --object-pinned PATH}), with {@code program} empty. Rampart cannot
 * evaluate pinned objects.
 */
public record BpfMatch(List<Insn> program, String pinnedPath) implements Match {

    /** The extension that parses {@code -m bpf}. */
    public static final MatchExtension EXTENSION = new Extension();

    /** Most instructions the kernel accepts. */
    public static final int MAX_INSNS = 64;

    public BpfMatch {
        program = List.copyOf(program);
    }

    /** One classic BPF instruction. */
    public record Insn(int code, int jt, int jf, long k) {
    }

    @Override
    public String module() {
        return "bpf";
    }

    @Override
    public void writeOptions(SaveLine out) {
        if (pinnedPath != null) {
            out.option("object-pinned", pinnedPath);
            return;
        }
        StringBuilder sb = new StringBuilder("\"").append(program.size());
        for (Insn i : program) {
            sb.append(',').append(i.code()).append(' ').append(i.jt()).append(' ').append(i.jf()).append(' ')
                    .append(i.k());
        }
        out.option("bytecode", sb.append('"').toString());
    }

    private static List<Insn> parse(OptionUse u) throws ExtensionException {
        String[] parts = u.arg().split(",", -1);
        long n = dev.rampart.model.ext.Values.parseUnsigned(parts[0].trim());
        if (n <= 0 || n > MAX_INSNS || parts.length < 2) {
            throw ExtensionException.badValue(u, "--bytecode must start with the instruction count (1 to " + MAX_INSNS
                    + ") and a comma", "generate it with nfbpf_compile");
        }
        List<Insn> insns = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            if (parts[i].isEmpty() && i == parts.length - 1) {
                break;
            }
            String[] f = parts[i].trim().split("\\s+");
            long[] v = new long[4];
            boolean ok = f.length == 4;
            for (int k = 0; ok && k < 4; k++) {
                v[k] = f[k].matches("[0-9]+") ? Long.parseLong(f[k].length() > 12 ? "-1" : f[k]) : -1;
                long max = k == 0 ? 0xFFFF : k < 3 ? 0xFF : 0xFFFFFFFFL;
                ok = v[k] >= 0 && v[k] <= max;
            }
            if (!ok) {
                throw ExtensionException.badValue(u, "bpf: error at instruction " + (i - 1) + ": '" + parts[i]
                        + "'; expected 'CODE JT JF K'");
            }
            insns.add(new Insn((int) v[0], (int) v[1], (int) v[2], v[3]));
        }
        if (insns.size() != n) {
            throw ExtensionException.badValue(u, "bpf: the program has " + insns.size() + " instructions but "
                    + "declares " + n);
        }
        return insns;
    }

    private static final class Extension implements MatchExtension {
        private static final List<OptionSpec> OPTIONS = List.of(OptionSpec.arg("bytecode"),
                OptionSpec.arg("object-pinned"));

        @Override
        public String name() {
            return "bpf";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Match build(Options o, RuleContext ctx) throws ExtensionException {
            OptionUse b = o.get("bytecode");
            OptionUse p = o.get("object-pinned");
            if (b != null && p != null) {
                throw ExtensionException.constraint(p, "--bytecode and --object-pinned cannot be given together", null);
            }
            if (b == null && p == null) {
                throw ExtensionException.constraint(null, "match 'bpf' needs --bytecode or --object-pinned", null);
            }
            return b != null ? new BpfMatch(parse(b), null) : new BpfMatch(List.of(), p.arg());
        }
    }
}
