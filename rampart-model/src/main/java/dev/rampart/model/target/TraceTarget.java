package dev.rampart.model.target;

import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.ext.TargetExtension;
import dev.rampart.model.write.SaveLine;
import java.util.List;

/**
 * {@code -j TRACE}: mark the packet for rule tracing ({@code nftrace}) and continue. The nft backend
 * implements it as {@code meta nftrace set 1}, which is valid in every table (the legacy kernel target
 * was limited to raw).
 */
public record TraceTarget() implements Target {

    /** The extension that parses {@code -j TRACE}. */
    public static final TargetExtension EXTENSION = new Extension();

    @Override
    public String name() {
        return "TRACE";
    }

    @Override
    public void writeOptions(SaveLine out) {
        // no options
    }

    private static final class Extension implements TargetExtension {
        @Override
        public String name() {
            return "TRACE";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of();
        }

        @Override
        public Target build(Options o, RuleContext ctx) {
            return new TraceTarget();
        }
    }
}
