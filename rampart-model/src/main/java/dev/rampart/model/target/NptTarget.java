package dev.rampart.model.target;

import dev.rampart.model.Family;
import dev.rampart.model.TableName;
import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.ext.TargetExtension;
import dev.rampart.model.net.IpPrefix;
import dev.rampart.model.net.IpText;
import dev.rampart.model.write.SaveLine;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code -j SNPT} / {@code -j DNPT} (IPv6, RFC 6296): stateless, checksum-neutral translation of the
 * source ({@code source} true, SNPT) or destination prefix {@code srcPfx} into {@code dstPfx}, then
 * continue. Prefixes are at most /64 with zero host bits. SNPT is valid in mangle INPUT and POSTROUTING,
 * DNPT in mangle PREROUTING and OUTPUT.
 */
public record NptTarget(boolean source, IpPrefix srcPfx, IpPrefix dstPfx) implements Target {

    /** The extension that parses {@code -j SNPT}. */
    public static final TargetExtension SNPT_EXTENSION = new Extension(true);
    /** The extension that parses {@code -j DNPT}. */
    public static final TargetExtension DNPT_EXTENSION = new Extension(false);

    @Override
    public String name() {
        return source ? "SNPT" : "DNPT";
    }

    @Override
    public void writeOptions(SaveLine out) {
        out.option("src-pfx", srcPfx.addressText() + "/" + srcPfx.length());
        out.option("dst-pfx", dstPfx.addressText() + "/" + dstPfx.length());
    }

    private static final class Extension implements TargetExtension {
        private static final List<OptionSpec> OPTIONS = List.of(OptionSpec.arg("src-pfx"), OptionSpec.arg("dst-pfx"));
        private final boolean snpt;

        Extension(boolean snpt) {
            this.snpt = snpt;
        }

        @Override
        public String name() {
            return snpt ? "SNPT" : "DNPT";
        }

        @Override
        public Set<Family> families() {
            return EnumSet.of(Family.IPV6);
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Target build(Options o, RuleContext ctx) throws ExtensionException {
            OptionUse s = TargetSupport.mandatory(o, "src-pfx", "add --src-pfx PREFIX/LEN");
            OptionUse d = TargetSupport.mandatory(o, "dst-pfx", "add --dst-pfx PREFIX/LEN");
            IpPrefix src = prefix(s);
            IpPrefix dst = prefix(d);
            TargetSupport.requireTable(ctx, name(), TableName.MANGLE);
            if (snpt) {
                TargetSupport.requireChains(ctx, name(), "INPUT", "POSTROUTING");
            } else {
                TargetSupport.requireChains(ctx, name(), "PREROUTING", "OUTPUT");
            }
            return new NptTarget(snpt, src, dst);
        }

        /** {@code ADDRESS/LEN} with LEN at most 64 and no bits set after the prefix. */
        private static IpPrefix prefix(OptionUse u) throws ExtensionException {
            String a = u.arg();
            IpPrefix p = IpText.parsePrefix(Family.IPV6, a);
            if (p == null) {
                throw ExtensionException.badValue(u, "'" + a + "' is not an IPv6 prefix", "write e.g. 2001:db8:1::/48");
            }
            if (!p.isContiguous() || p.length() > 64) {
                throw ExtensionException.badValue(u, "prefix '" + a + "' must be /64 or shorter",
                        a.indexOf('/') < 0 ? "add the prefix length, e.g. " + a + "/64" : "use a prefix length of 64 or less");
            }
            IpPrefix host = IpText.parsePrefix(Family.IPV6, a.indexOf('/') < 0 ? a : a.substring(0, a.indexOf('/')));
            if (host == null || host.hi() != p.hi() || host.lo() != p.lo()) {
                throw ExtensionException.badValue(u, "prefix '" + a + "' has bits set after the prefix length",
                        "write the network address, e.g. " + p);
            }
            return p;
        }
    }
}
