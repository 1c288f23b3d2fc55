package dev.rampart.model.target;

import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.ext.TargetExtension;
import dev.rampart.model.ext.ValueMask;
import dev.rampart.model.write.SaveLine;
import java.util.List;

/**
 * {@code -j MARK}: set the packet mark to {@code (mark & ~mask) ^ value} (both 32-bit, kernel
 * {@code xt_MARK} revision 2) and continue. Every form ({@code --set-mark}, {@code --and-mark},
 * {@code --or-mark}, {@code --xor-mark}) is normalised to this pair and printed, as iptables-save does,
 * as {@code --set-xmark 0xVALUE/0xMASK}.
 */
public record MarkTarget(long value, long mask) implements Target {

    /** The extension that parses {@code -j MARK}. */
    public static final TargetExtension EXTENSION = new Extension();

    public MarkTarget {
        if (value < 0 || value > TargetSupport.U32 || mask < 0 || mask > TargetSupport.U32) {
            throw new IllegalArgumentException("mark and mask are 32-bit");
        }
    }

    /** The mark a packet with mark {@code before} carries afterwards. */
    public long apply(long before) {
        return ((before & ~mask) ^ value) & TargetSupport.U32;
    }

    @Override
    public String name() {
        return "MARK";
    }

    @Override
    public void writeOptions(SaveLine out) {
        out.option("set-xmark", "0x" + Long.toHexString(value) + "/0x" + Long.toHexString(mask));
    }

    /** Parses one of the xmark-style operations shared by MARK and CONNMARK into {@code {value, mask}}. */
    static long[] operation(OptionUse u) throws ExtensionException {
        switch (u.name()) {
            case "set-xmark" -> {
                ValueMask vm = ValueMask.parse32(u, u.arg());
                return new long[] {vm.value(), vm.mask()};
            }
            case "set-mark" -> {
                ValueMask vm = ValueMask.parse32(u, u.arg());
                return new long[] {vm.value(), vm.value() | vm.mask()};
            }
            case "and-mark" -> {
                long v = TargetSupport.uint(u, 0, TargetSupport.U32);
                return new long[] {0, ~v & TargetSupport.U32};
            }
            case "or-mark" -> {
                long v = TargetSupport.uint(u, 0, TargetSupport.U32);
                return new long[] {v, v};
            }
            case "xor-mark" -> {
                long v = TargetSupport.uint(u, 0, TargetSupport.U32);
                return new long[] {v, 0};
            }
            default -> throw new IllegalStateException(u.name());
        }
    }

    static final String[] OPERATIONS = {"set-xmark", "set-mark", "and-mark", "or-mark", "xor-mark"};

    private static final class Extension implements TargetExtension {
        private static final List<OptionSpec> OPTIONS = List.of(OptionSpec.arg("set-xmark"), OptionSpec.arg("set-mark"),
                OptionSpec.arg("and-mark"), OptionSpec.arg("or-mark"), OptionSpec.arg("xor-mark"));

        @Override
        public String name() {
            return "MARK";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Target build(Options o, RuleContext ctx) throws ExtensionException {
            TargetSupport.atMostOne(o, OPERATIONS);
            if (o.isEmpty()) {
                throw ExtensionException.constraint(null, "one of --set-xmark, --set-mark, --and-mark, --or-mark,"
                        + " --xor-mark is required", "e.g. --set-mark 0x1");
            }
            long[] vm = operation(o.all().get(0));
            return new MarkTarget(vm[0], vm[1]);
        }
    }
}
