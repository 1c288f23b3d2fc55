package dev.rampart.model.match;

import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.MatchExtension;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.write.SaveLine;
import java.util.List;

/** {@code -m cpu [!] --cpu N}: the packet is processed on CPU {@code cpu} (unsigned 32-bit). */
public record CpuMatch(long cpu, boolean inverted) implements Match {

    /** The extension that parses {@code -m cpu}. */
    public static final MatchExtension EXTENSION = new Extension();

    @Override
    public String module() {
        return "cpu";
    }

    @Override
    public void writeOptions(SaveLine out) {
        out.option(inverted, "cpu", Long.toString(cpu));
    }

    private static final class Extension implements MatchExtension {
        private static final List<OptionSpec> OPTIONS = List.of(OptionSpec.arg("cpu").inv());

        @Override
        public String name() {
            return "cpu";
        }

        @Override
        public List<OptionSpec> options() {
            return OPTIONS;
        }

        @Override
        public Match build(Options o, RuleContext ctx) throws ExtensionException {
            OptionUse u = o.get("cpu");
            if (u == null) {
                throw MatchArgs.required("cpu", "--cpu N");
            }
            return new CpuMatch(MatchArgs.u32(u, u.arg()), u.inverted());
        }
    }
}
