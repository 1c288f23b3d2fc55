package dev.rampart.model.match;

import dev.rampart.model.Family;
import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.MatchExtension;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.ext.Values;
import dev.rampart.model.write.SaveLine;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The parser shared by the two IPv6 options-header matches, {@code -m dst} and {@code -m hbh}: they take
 * the same options ({@code --NAME-len [!] N}, {@code --NAME-opts TYPE[:LEN],...}) under their own prefix.
 */
final class OptionsHeaderExtension implements MatchExtension {

    /** Creates the module's record from the parsed values (null when not given). */
    interface Factory {
        Match create(Long length, boolean lengthInverted, ExtHeaderOptions options);
    }

    private final String module;
    private final Factory factory;
    private final List<OptionSpec> options;

    OptionsHeaderExtension(String module, Factory factory) {
        this.module = module;
        this.factory = factory;
        this.options = List.of(OptionSpec.arg(module + "-len").inv(), OptionSpec.arg(module + "-opts"));
    }

    /** Prints {@code --MODULE-len} and {@code --MODULE-opts} as iptables-save does. */
    static void write(SaveLine out, String module, Long length, boolean lengthInverted, ExtHeaderOptions opts) {
        if (length != null) {
            out.option(lengthInverted, module + "-len", Long.toString(length));
        }
        if (opts != null) {
            out.option(module + "-opts", opts.toString());
        }
    }

    @Override
    public String name() {
        return module;
    }

    @Override
    public Set<Family> families() {
        return EnumSet.of(Family.IPV6);
    }

    @Override
    public List<OptionSpec> options() {
        return options;
    }

    @Override
    public Match build(Options o, RuleContext ctx) throws ExtensionException {
        OptionUse l = o.get(module + "-len");
        OptionUse p = o.get(module + "-opts");
        return factory.create(l == null ? null : Values.number(l, l.arg(), 0, 0xFFFFFFFFL), l != null && l.inverted(),
                p == null ? null : ExtHeaderOptions.parse(p));
    }
}
