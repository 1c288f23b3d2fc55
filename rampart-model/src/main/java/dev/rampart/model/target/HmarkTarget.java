package dev.rampart.model.target;

import dev.rampart.model.diag.DiagnosticCode;
import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.ext.TargetExtension;
import dev.rampart.model.net.IpPrefix;
import dev.rampart.model.net.IpText;
import dev.rampart.model.write.SaveLine;
import java.util.List;

/**
 * {@code -j HMARK}: set the packet mark to {@code hash(tuple) % mod + offset} and continue. The hash
 * covers the source/destination address prefixes ({@code srcPrefix}/{@code dstPrefix} bits), the ports
 * or the IPsec SPI under their masks, the protocol under {@code protoMask}, seeded with {@code rnd}; with
 * {@code ct} the conntrack original tuple is hashed instead of the packet. Every optional part is -1 when
 * not given (and then not printed).
 */
public record HmarkTarget(int srcPrefix, int dstPrefix, int sportMask, int dportMask, long spiMask, int sport,
                          int dport, long spi, int protoMask, long rnd, long mod, long offset, boolean ct)
        implements Target {

    /** The extension that parses {@code -j HMARK}. */
    public static final TargetExtension EXTENSION = new Extension();

    @Override
    public String name() {
        return "HMARK";
    }

    @Override
    public void writeOptions(SaveLine out) {
        if (srcPrefix >= 0) {
            out.option("hmark-src-prefix", Integer.toString(srcPrefix));
        }
        if (dstPrefix >= 0) {
            out.option("hmark-dst-prefix", Integer.toString(dstPrefix));
        }
        if (sportMask >= 0) {
            out.option("hmark-sport-mask", TargetSupport.hex(sportMask, 4));
        }
        if (dportMask >= 0) {
            out.option("hmark-dport-mask", TargetSupport.hex(dportMask, 4));
        }
        if (spiMask >= 0) {
            out.option("hmark-spi-mask", TargetSupport.hex(spiMask, 8));
        }
        if (sport >= 0) {
            out.option("hmark-sport", TargetSupport.hex(sport, 4));
        }
        if (dport >= 0) {
            out.option("hmark-dport", TargetSupport.hex(dport, 4));
        }
        if (spi >= 0) {
            out.option("hmark-spi", TargetSupport.hex(spi, 8));
        }
        if (protoMask >= 0) {
            out.option("hmark-proto-mask", TargetSupport.hex(protoMask, 2));
        }
        out.option("hmark-rnd", TargetSupport.hex(rnd, 8));
        out.option("hmark-mod", Long.toString(mod));
        if (offset >= 0) {
            out.option("hmark-offset", Long.toString(offset));
        }
        if (ct) {
            out.option("hmark-tuple", "ct");
        }
    }

    private static final class Extension implements TargetExtension {
        private static final List<OptionSpec> OPTIONS = List.of(OptionSpec.arg("hmark-tuple"),
                OptionSpec.arg("hmark-src-prefix"), OptionSpec.arg("hmark-dst-prefix"),
                OptionSpec.arg("hmark-sport-mask"), OptionSpec.arg("hmark-dport-mask"),
                OptionSpec.arg("hmark-spi-mask"), OptionSpec.arg("hmark-sport"), OptionSpec.arg("hmark-dport"),
                OptionSpec.arg("hmark-spi"), OptionSpec.arg("hmark-proto-mask"), OptionSpec.arg("hmark-rnd"),
                OptionSpec.arg("hmark-mod"), OptionSpec.arg("hmark-offset"));
        private static final List<String> TUPLE = List.of("ct", "src", "dst", "sport", "dport", "proto", "spi");

        @Override
        public String name() {
            return "HMARK";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Target build(Options o, RuleContext ctx) throws ExtensionException {
            int bits = ctx.family().bits();
            int src = -1;
            int dst = -1;
            int spm = -1;
            int dpm = -1;
            long spim = -1;
            int sp = -1;
            int dp = -1;
            long spi = -1;
            int pm = -1;
            long rnd = -1;
            long mod = -1;
            long off = -1;
            boolean ct = false;
            // options apply in the order written: a later --hmark-src-prefix overrides "src" in --hmark-tuple
            for (OptionUse u : o.all()) {
                switch (u.name()) {
                    case "hmark-tuple" -> {
                        for (String part : u.arg().split(",", -1)) {
                            switch (tuplePart(u, part)) {
                                case "ct" -> ct = true;
                                case "src" -> src = bits;
                                case "dst" -> dst = bits;
                                case "sport" -> spm = 0xffff;
                                case "dport" -> dpm = 0xffff;
                                case "proto" -> pm = 0xffff;
                                case "spi" -> spim = TargetSupport.U32;
                                default -> throw new IllegalStateException(part);
                            }
                        }
                    }
                    case "hmark-src-prefix" -> src = prefix(u, ctx);
                    case "hmark-dst-prefix" -> dst = prefix(u, ctx);
                    case "hmark-sport-mask" -> spm = (int) TargetSupport.uint(u, 0, 0xffff);
                    case "hmark-dport-mask" -> dpm = (int) TargetSupport.uint(u, 0, 0xffff);
                    case "hmark-spi-mask" -> spim = TargetSupport.uint(u, 0, TargetSupport.U32);
                    case "hmark-sport" -> sp = (int) TargetSupport.uint(u, 0, 0xffff);
                    case "hmark-dport" -> dp = (int) TargetSupport.uint(u, 0, 0xffff);
                    case "hmark-spi" -> spi = TargetSupport.uint(u, 0, TargetSupport.U32);
                    case "hmark-proto-mask" -> pm = (int) TargetSupport.uint(u, 0, 0xffff);
                    case "hmark-rnd" -> rnd = TargetSupport.uint(u, 0, TargetSupport.U32);
                    case "hmark-mod" -> mod = TargetSupport.uint(u, 1, TargetSupport.U32);
                    case "hmark-offset" -> off = TargetSupport.uint(u, 0, TargetSupport.U32);
                    default -> throw new IllegalStateException(u.name());
                }
            }
            TargetSupport.mandatory(o, "hmark-mod", "add --hmark-mod N (the number of marks)");
            TargetSupport.mandatory(o, "hmark-rnd", "add --hmark-rnd VALUE (the hash seed)");
            if (spim >= 0 && (spm >= 0 || dpm >= 0)) {
                throw new ExtensionException(DiagnosticCode.EXTENSION_CONSTRAINT,
                        "an SPI mask cannot be combined with port masks", lastOf(o, "hmark-spi-mask", "hmark-tuple"),
                        false, "hash either ports or the SPI");
            }
            if (spi >= 0 && (sp >= 0 || dp >= 0)) {
                throw new ExtensionException(DiagnosticCode.EXTENSION_CONSTRAINT,
                        "--hmark-spi cannot be combined with --hmark-sport/--hmark-dport", o.get("hmark-spi"), false,
                        "give either ports or the SPI");
            }
            if (!ct && src < 0 && dst < 0 && spm < 0 && dpm < 0 && spim < 0 && sp < 0 && dp < 0 && spi < 0 && pm < 0) {
                throw ExtensionException.constraint(null, "nothing to hash", "add --hmark-tuple (e.g. src,dst) or a"
                        + " prefix/mask option");
            }
            return new HmarkTarget(src, dst, spm, dpm, spim, sp, dp, spi, pm, rnd, mod, off, ct);
        }

        private static OptionUse lastOf(Options o, String a, String b) {
            OptionUse u = o.get(a);
            return u != null ? u : o.get(b);
        }

        private static String tuplePart(OptionUse u, String part) throws ExtensionException {
            if (!part.isEmpty()) {
                for (String t : TUPLE) {
                    if (t.regionMatches(true, 0, part, 0, part.length()) && part.length() <= t.length()) {
                        return t;
                    }
                }
            }
            throw ExtensionException.badValue(u, "bad tuple part '" + part + "'",
                    "use a comma-separated list of " + String.join(", ", TUPLE));
        }

        /** A prefix length 0..32/128, or a contiguous address-form mask. */
        private static int prefix(OptionUse u, RuleContext ctx) throws ExtensionException {
            int bits = ctx.family().bits();
            long n = dev.rampart.model.ext.Values.parseUnsigned(u.arg());
            if (n >= 0 && n <= bits) {
                return (int) n;
            }
            IpPrefix p = IpText.parsePrefix(ctx.family(), (bits == 32 ? "0.0.0.0/" : "::/") + u.arg());
            if (p == null || !p.isContiguous() || u.arg().indexOf('/') >= 0) {
                throw ExtensionException.badValue(u, "'" + u.arg() + "' is not a prefix length 0.." + bits
                        + " or a contiguous mask");
            }
            return p.length();
        }
    }
}
