package dev.rampart.model.match;

import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.MatchExtension;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.ext.ValueMask;
import java.util.List;

/**
 * The parser shared by {@code -m mark} and {@code -m connmark}: one required {@code [!] --mark
 * VALUE[/MASK]} (32-bit), turned into the module's record by {@code make}.
 */
final class MarkOptionExtension implements MatchExtension {
    private static final List<OptionSpec> OPTIONS = List.of(OptionSpec.arg("mark").inv());

    /** Builds the module's record from the value/mask and the inversion. */
    interface Maker {
        Match make(ValueMask mark, boolean inverted);
    }

    private final String module;
    private final Maker make;

    MarkOptionExtension(String module, Maker make) {
        this.module = module;
        this.make = make;
    }

    @Override
    public String name() {
        return module;
    }

    @Override
    public List<OptionSpec> options() {
        return OPTIONS;
    }

    @Override
    public Match build(Options o, RuleContext ctx) throws ExtensionException {
        OptionUse u = o.get("mark");
        if (u == null) {
            throw MatchArgs.required(module, "--mark VALUE[/MASK]");
        }
        return make.make(ValueMask.parse32(u, u.arg()), u.inverted());
    }
}
