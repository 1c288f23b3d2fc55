package dev.rampart.model.target;

import dev.rampart.model.diag.DiagnosticCode;
import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.ext.TargetExtension;
import dev.rampart.model.write.SaveLine;
import java.util.List;

/**
 * {@code -j NFQUEUE}: hand the packet to a userspace program on queue {@code firstQueue} (or spread over
 * {@code firstQueue..lastQueue} with {@code --queue-balance}); the program decides its fate. With
 * {@code bypass} the packet is accepted when no program listens, otherwise dropped; {@code cpuFanout}
 * picks the queue by CPU. Terminal.
 */
public record NfqueueTarget(int firstQueue, int lastQueue, boolean bypass, boolean cpuFanout) implements Target {

    /** The extension that parses {@code -j NFQUEUE}. */
    public static final TargetExtension EXTENSION = new Extension();

    @Override
    public String name() {
        return "NFQUEUE";
    }

    @Override
    public void writeOptions(SaveLine out) {
        if (lastQueue > firstQueue) {
            out.option("queue-balance", firstQueue + ":" + lastQueue);
        } else {
            out.option("queue-num", Integer.toString(firstQueue));
        }
        if (bypass) {
            out.option("queue-bypass");
        }
        if (cpuFanout) {
            out.option("queue-cpu-fanout");
        }
    }

    @Override
    public boolean isTerminal() {
        return true;
    }

    private static final class Extension implements TargetExtension {
        private static final List<OptionSpec> OPTIONS = List.of(OptionSpec.arg("queue-num"),
                OptionSpec.arg("queue-balance"), OptionSpec.flag("queue-bypass"), OptionSpec.flag("queue-cpu-fanout"));

        @Override
        public String name() {
            return "NFQUEUE";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Target build(Options o, RuleContext ctx) throws ExtensionException {
            TargetSupport.atMostOne(o, "queue-num", "queue-balance");
            int first = 0;
            int last = 0;
            OptionUse num = o.get("queue-num");
            if (num != null) {
                first = (int) TargetSupport.uint(num, 0, 65535);
                last = first;
            }
            OptionUse bal = o.get("queue-balance");
            if (bal != null) {
                int[] r = balance(bal);
                first = r[0];
                last = r[1];
            }
            OptionUse fan = o.get("queue-cpu-fanout");
            if (fan != null && bal == null) {
                throw new ExtensionException(DiagnosticCode.EXTENSION_CONSTRAINT,
                        "--queue-cpu-fanout needs --queue-balance", fan, false, "add --queue-balance FIRST:LAST");
            }
            return new NfqueueTarget(first, last, o.has("queue-bypass"), fan != null);
        }

        /** {@code FIRST:LAST} with FIRST < LAST <= 65534; empty parts default to 0 and 65534. */
        private static int[] balance(OptionUse u) throws ExtensionException {
            String a = u.arg();
            int colon = a.indexOf(':');
            if (colon < 0) {
                throw ExtensionException.badValue(u, "--queue-balance needs a range FIRST:LAST, not '" + a + "'",
                        "write e.g. 0:3, or use --queue-num " + a);
            }
            String f = a.substring(0, colon);
            String l = a.substring(colon + 1);
            long first = f.isEmpty() ? 0 : queueNumber(u, f);
            long last = l.isEmpty() ? 65534 : queueNumber(u, l);
            if (first >= last) {
                throw ExtensionException.badValue(u, "queue " + first + " should be less than " + last,
                        "write the range as LOW:HIGH with two different queues");
            }
            return new int[] {(int) first, (int) last};
        }

        private static long queueNumber(OptionUse u, String part) throws ExtensionException {
            long v = dev.rampart.model.ext.Values.parseUnsigned(part);
            if (v < 0 || v > 65534) {
                throw ExtensionException.badValue(u, "invalid queue number '" + part
                        + "' in --queue-balance; expected 0 to 65534");
            }
            return v;
        }
    }
}
