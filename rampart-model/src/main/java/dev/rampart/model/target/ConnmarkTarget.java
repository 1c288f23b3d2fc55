package dev.rampart.model.target;

import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.ext.TargetExtension;
import dev.rampart.model.write.SaveLine;
import java.util.List;

/**
 * {@code -j CONNMARK} (kernel {@code xt_CONNMARK} revision 2), then continue:
 * <ul>
 * <li>{@link Mode#SET}: connection mark becomes {@code (ctmark & ~ctmask) ^ value}; every
 * {@code --set-mark/--set-xmark/--and-mark/--or-mark/--xor-mark} form is normalised to this.</li>
 * <li>{@link Mode#SAVE}: connection mark becomes {@code (ctmark & ~ctmask) ^ (nfmark & nfmask)}
 * (shifted by {@code shiftBits}).</li>
 * <li>{@link Mode#RESTORE}: packet mark becomes {@code (nfmark & ~nfmask) ^ (ctmark & ctmask)}.</li>
 * </ul>
 * Masks default to 0xffffffff; {@code shiftBits} 0..32 in direction {@code shiftRight} (printed only when
 * non-zero).
 */
public record ConnmarkTarget(Mode mode, long value, long ctmask, long nfmask, boolean shiftRight, int shiftBits)
        implements Target {

    /** What CONNMARK does. */
    public enum Mode {
        SET, SAVE, RESTORE
    }

    /** The extension that parses {@code -j CONNMARK}. */
    public static final TargetExtension EXTENSION = new Extension();

    @Override
    public String name() {
        return "CONNMARK";
    }

    @Override
    public void writeOptions(SaveLine out) {
        switch (mode) {
            case SET -> out.option("set-xmark", "0x" + Long.toHexString(value) + "/0x" + Long.toHexString(ctmask));
            case SAVE -> out.option("save-mark").option("nfmask", "0x" + Long.toHexString(nfmask))
                    .option("ctmask", "0x" + Long.toHexString(ctmask));
            case RESTORE -> out.option("restore-mark").option("nfmask", "0x" + Long.toHexString(nfmask))
                    .option("ctmask", "0x" + Long.toHexString(ctmask));
            default -> throw new IllegalStateException();
        }
        if (shiftBits != 0) {
            out.option(shiftRight ? "right-shift-mark" : "left-shift-mark", Integer.toString(shiftBits));
        }
    }

    private static final class Extension implements TargetExtension {
        private static final List<OptionSpec> OPTIONS = List.of(OptionSpec.arg("set-xmark"), OptionSpec.arg("set-mark"),
                OptionSpec.arg("and-mark"), OptionSpec.arg("or-mark"), OptionSpec.arg("xor-mark"),
                OptionSpec.flag("save-mark"), OptionSpec.flag("restore-mark"), OptionSpec.arg("left-shift-mark"),
                OptionSpec.arg("right-shift-mark"), OptionSpec.arg("ctmask"), OptionSpec.arg("nfmask"),
                OptionSpec.arg("mask"));

        @Override
        public String name() {
            return "CONNMARK";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Target build(Options o, RuleContext ctx) throws ExtensionException {
            TargetSupport.atMostOne(o, "set-xmark", "set-mark", "and-mark", "or-mark", "xor-mark", "save-mark",
                    "restore-mark");
            TargetSupport.atMostOne(o, "mask", "ctmask");
            TargetSupport.atMostOne(o, "mask", "nfmask");
            Mode mode = null;
            long value = 0;
            long ctmask = TargetSupport.U32;
            long nfmask = TargetSupport.U32;
            boolean right = false;
            int bits = 0;
            // options apply in the order written, as iptables' parser stores them
            for (OptionUse u : o.all()) {
                switch (u.name()) {
                    case "set-xmark", "set-mark", "and-mark", "or-mark", "xor-mark" -> {
                        long[] vm = MarkTarget.operation(u);
                        mode = Mode.SET;
                        value = vm[0];
                        ctmask = vm[1];
                    }
                    case "save-mark" -> mode = Mode.SAVE;
                    case "restore-mark" -> mode = Mode.RESTORE;
                    case "left-shift-mark", "right-shift-mark" -> {
                        right = u.name().startsWith("right");
                        bits = (int) TargetSupport.uint(u, 0, 32);
                    }
                    case "ctmask" -> ctmask = TargetSupport.uint(u, 0, TargetSupport.U32);
                    case "nfmask" -> nfmask = TargetSupport.uint(u, 0, TargetSupport.U32);
                    case "mask" -> {
                        ctmask = TargetSupport.uint(u, 0, TargetSupport.U32);
                        nfmask = ctmask;
                    }
                    default -> throw new IllegalStateException(u.name());
                }
            }
            if (mode == null) {
                throw ExtensionException.constraint(null, "no operation given",
                        "add --set-mark VALUE[/MASK], --save-mark or --restore-mark");
            }
            return new ConnmarkTarget(mode, value, ctmask, nfmask, right, bits);
        }
    }
}
