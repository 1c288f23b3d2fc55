package dev.rampart.model.target;

import dev.rampart.model.Family;
import dev.rampart.model.TableName;
import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.ext.TargetExtension;
import dev.rampart.model.ext.ValueMask;
import dev.rampart.model.ext.Values;
import dev.rampart.model.net.IpPrefix;
import dev.rampart.model.net.Protocol;
import dev.rampart.model.write.SaveLine;
import java.util.List;

/**
 * {@code -j TPROXY --on-port P [--on-ip ADDR] [--tproxy-mark V[/M]]}: deliver the packet to a local
 * transparent-proxy socket listening on {@code onIp}:{@code onPort} ({@code onIp} is 0.0.0.0 or :: for
 * "the address the packet arrived for") without changing it, and set the packet mark to
 * {@code (mark & ~markMask) ^ markValue}. Valid in table mangle, chain PREROUTING, with
 * {@code -p tcp} or {@code -p udp}. Terminal.
 */
public record TproxyTarget(int onPort, IpPrefix onIp, long markValue, long markMask) implements Target {

    /** The extension that parses {@code -j TPROXY}. */
    public static final TargetExtension EXTENSION = new Extension();

    @Override
    public String name() {
        return "TPROXY";
    }

    @Override
    public void writeOptions(SaveLine out) {
        out.option("on-port", Integer.toString(onPort));
        out.option("on-ip", onIp.addressText());
        out.option("tproxy-mark", "0x" + Long.toHexString(markValue) + "/0x" + Long.toHexString(markMask));
    }

    @Override
    public boolean isTerminal() {
        return true;
    }

    private static final class Extension implements TargetExtension {
        private static final List<OptionSpec> OPTIONS = List.of(OptionSpec.arg("on-port"), OptionSpec.arg("on-ip"),
                OptionSpec.arg("tproxy-mark"));

        @Override
        public String name() {
            return "TPROXY";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Target build(Options o, RuleContext ctx) throws ExtensionException {
            OptionUse p = TargetSupport.mandatory(o, "on-port", "add --on-port PORT of the proxy");
            int port = Values.port(p, p.arg(), null);
            IpPrefix ip = ctx.family() == Family.IPV4 ? new IpPrefix(Family.IPV4, 0, 0, 0, TargetSupport.U32)
                    : new IpPrefix(Family.IPV6, 0, 0, -1L, -1L);
            OptionUse a = o.get("on-ip");
            if (a != null) {
                ip = NatRange.host(a, a.arg(), ctx.family());
            }
            long value = 0;
            long mask = 0;
            OptionUse m = o.get("tproxy-mark");
            if (m != null) {
                ValueMask vm = ValueMask.parse32(m, m.arg());
                value = vm.value();
                mask = vm.mask();
            }
            TargetSupport.requireTable(ctx, "TPROXY", TableName.MANGLE);
            TargetSupport.requireChains(ctx, "TPROXY", "PREROUTING");
            TargetSupport.requireProtocol(ctx, null, "TPROXY", Protocol.TCP, Protocol.UDP);
            return new TproxyTarget(port, ip, value, mask);
        }
    }
}
