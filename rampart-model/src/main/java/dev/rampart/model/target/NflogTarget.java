package dev.rampart.model.target;

import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.ext.TargetExtension;
import dev.rampart.model.write.SaveLine;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code -j NFLOG}: pass the packet to userspace loggers (ulogd) over nfnetlink group {@code group}
 * (0..65535) and continue. {@code prefix} is empty when none (the nft backend keeps up to 127 bytes);
 * {@code size} is the number of bytes to copy, -1 when the whole packet; {@code threshold} is the
 * in-kernel queue threshold, 0 by default. {@code --nflog-range} is accepted and ignored, as the nft
 * backend does.
 */
public record NflogTarget(int group, String prefix, long size, int threshold) implements Target {

    /** Longest prefix the nft backend stores, in bytes. */
    public static final int MAX_PREFIX = 127;

    /** The extension that parses {@code -j NFLOG}. */
    public static final TargetExtension EXTENSION = new Extension();

    @Override
    public String name() {
        return "NFLOG";
    }

    @Override
    public void writeOptions(SaveLine out) {
        if (!prefix.isEmpty()) {
            out.optionQuoted("nflog-prefix", prefix);
        }
        if (group != 0) {
            out.option("nflog-group", Integer.toString(group));
        }
        if (size >= 0) {
            out.option("nflog-size", Long.toString(size));
        }
        if (threshold != 0) {
            out.option("nflog-threshold", Integer.toString(threshold));
        }
    }

    private static final class Extension implements TargetExtension {
        private static final List<OptionSpec> OPTIONS = List.of(OptionSpec.arg("nflog-group"),
                OptionSpec.arg("nflog-prefix"), OptionSpec.arg("nflog-range"), OptionSpec.arg("nflog-size"),
                OptionSpec.arg("nflog-threshold"));

        @Override
        public String name() {
            return "NFLOG";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Target build(Options o, RuleContext ctx) throws ExtensionException {
            TargetSupport.atMostOne(o, "nflog-range", "nflog-size");
            int group = 0;
            String prefix = "";
            long size = -1;
            int threshold = 0;
            for (OptionUse u : o.all()) {
                switch (u.name()) {
                    case "nflog-group" -> group = (int) TargetSupport.uint(u, 0, 65535);
                    case "nflog-prefix" -> prefix = prefix(u);
                    case "nflog-range" -> TargetSupport.uint(u, 0, TargetSupport.U32);
                    case "nflog-size" -> size = TargetSupport.uint(u, 0, TargetSupport.U32);
                    case "nflog-threshold" -> threshold = (int) TargetSupport.uint(u, 0, 65535);
                    default -> throw new IllegalStateException(u.name());
                }
            }
            return new NflogTarget(group, prefix, size, threshold);
        }

        private static String prefix(OptionUse u) throws ExtensionException {
            String p = u.arg();
            if (p.isEmpty()) {
                throw ExtensionException.badValue(u, "NFLOG prefix must not be empty", "leave out --nflog-prefix");
            }
            if (p.indexOf('\n') >= 0) {
                throw ExtensionException.badValue(u, "newlines are not allowed in --nflog-prefix");
            }
            byte[] b = p.getBytes(StandardCharsets.UTF_8);
            if (b.length > MAX_PREFIX) {
                throw ExtensionException.badValue(u, "NFLOG prefix is longer than " + MAX_PREFIX + " bytes",
                        "shorten it to at most " + MAX_PREFIX + " bytes");
            }
            return p;
        }
    }
}
