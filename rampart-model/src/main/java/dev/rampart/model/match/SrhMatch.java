package dev.rampart.model.match;

import dev.rampart.model.Family;
import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.MatchExtension;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.ext.Values;
import dev.rampart.model.net.IpPrefix;
import dev.rampart.model.net.IpText;
import dev.rampart.model.write.SaveLine;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code -m srh} (IPv6): the Segment Routing Header is present and passes every test in {@code tests}
 * (numeric field comparisons) and {@code sids} (previous/next/last segment ID within a prefix); each
 * test has its own inversion. Both lists are kept in iptables-save order.
 */
public record SrhMatch(List<Test> tests, List<Sid> sids) implements Match {

    /** The extension that parses {@code -m srh}. */
    public static final MatchExtension EXTENSION = new Extension();

    public SrhMatch {
        tests = List.copyOf(tests);
        sids = List.copyOf(sids);
    }

    /** The numeric tests, in print order; {@code max} is the largest value the field holds. */
    public enum Field {
        NEXT_HDR("srh-next-hdr", 255), HDR_LEN_EQ("srh-hdr-len-eq", 255), HDR_LEN_GT("srh-hdr-len-gt", 255),
        HDR_LEN_LT("srh-hdr-len-lt", 255), SEGS_LEFT_EQ("srh-segs-left-eq", 255),
        SEGS_LEFT_GT("srh-segs-left-gt", 255), SEGS_LEFT_LT("srh-segs-left-lt", 255),
        LAST_ENTRY_EQ("srh-last-entry-eq", 255), LAST_ENTRY_GT("srh-last-entry-gt", 255),
        LAST_ENTRY_LT("srh-last-entry-lt", 255), TAG("srh-tag", 65535);

        private final String option;
        private final int max;

        Field(String option, int max) {
            this.option = option;
            this.max = max;
        }

        /** The option name without {@code --}. */
        public String option() {
            return option;
        }
    }

    /** Which segment ID a {@link Sid} test looks at, in print order. */
    public enum SidKind {
        PSID, NSID, LSID
    }

    /** One numeric test. */
    public record Test(Field field, int value, boolean inverted) {
    }

    /**
     * One segment-ID test: {@code address} as given (not masked; printed so) and the prefix length
     * {@code length} that is compared.
     */
    public record Sid(SidKind kind, IpPrefix address, int length, boolean inverted) {
    }

    @Override
    public String module() {
        return "srh";
    }

    @Override
    public void writeOptions(SaveLine out) {
        for (Test t : tests) {
            out.option(t.inverted(), t.field().option(), Integer.toString(t.value()));
        }
        for (Sid s : sids) {
            out.option(s.inverted(), "srh-" + s.kind().name().toLowerCase(java.util.Locale.ROOT),
                    s.address().addressText() + "/" + s.length());
        }
    }

    private static final class Extension implements MatchExtension {
        private static final List<OptionSpec> OPTIONS;

        static {
            List<OptionSpec> l = new ArrayList<>();
            for (Field f : Field.values()) {
                l.add(OptionSpec.arg(f.option()).inv());
            }
            for (SidKind k : SidKind.values()) {
                l.add(OptionSpec.arg("srh-" + k.name().toLowerCase(java.util.Locale.ROOT)).inv());
            }
            OPTIONS = List.copyOf(l);
        }

        @Override
        public String name() {
            return "srh";
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
        public Match build(Options o, RuleContext ctx) throws ExtensionException {
            List<Test> tests = new ArrayList<>();
            List<Sid> sids = new ArrayList<>();
            for (OptionUse u : o.all()) {
                Field field = null;
                for (Field f : Field.values()) {
                    if (f.option().equals(u.name())) {
                        field = f;
                    }
                }
                if (field != null) {
                    tests.add(new Test(field, (int) Values.number(u, u.arg(), 0, field.max), u.inverted()));
                    continue;
                }
                SidKind kind = SidKind.valueOf(u.name().substring(4).toUpperCase(java.util.Locale.ROOT));
                String text = u.arg();
                int slash = text.indexOf('/');
                IpPrefix addr = IpText.parsePrefix(Family.IPV6, slash < 0 ? text : text.substring(0, slash));
                IpPrefix prefix = IpText.parsePrefix(Family.IPV6, text);
                if (addr == null || prefix == null || !prefix.isContiguous()) {
                    throw ExtensionException.badValue(u, "invalid IPv6 prefix '" + text + "' for --" + u.name(),
                            "write ADDRESS/LENGTH");
                }
                sids.add(new Sid(kind, addr, prefix.length(), u.inverted()));
            }
            tests.sort(Comparator.comparing(Test::field));
            sids.sort(Comparator.comparing(Sid::kind));
            return new SrhMatch(tests, sids);
        }
    }
}
