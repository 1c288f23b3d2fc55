package dev.rampart.analysis.audit.checks;

import dev.rampart.analysis.audit.AuditedRuleset;
import dev.rampart.analysis.audit.Finding;
import dev.rampart.analysis.audit.RuleRef;
import dev.rampart.analysis.audit.Severity;
import dev.rampart.model.Chain;
import dev.rampart.model.Family;
import dev.rampart.model.Rule;
import dev.rampart.model.RuleHeader;
import dev.rampart.model.Table;
import dev.rampart.model.match.CommentMatch;
import dev.rampart.model.match.Match;
import dev.rampart.model.net.IpPrefix;
import dev.rampart.model.write.CanonicalWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * RA110: a run of {@value #MIN_RULES} or more consecutive rules of one chain that differ only in their
 * source address (or only in their destination address; comments ignored), each a single non-inverted
 * prefix. Consecutive, because replacing a run by one rule at its place keeps the first-match order; a
 * list interleaved with other rules is not reported. The fix creates an ipset ({@code hash:ip} when every
 * prefix is a single address, else {@code hash:net}), adds the addresses and replaces the run by one
 * {@code -m set} rule.
 */
public final class IpsetCandidate extends AbstractCheck {
    /** Shortest run of rules reported (rules). */
    public static final int MIN_RULES = 10;
    /** ipset's limit on set names (characters). */
    private static final int MAX_SET_NAME = 31;

    public IpsetCandidate() {
        super("RA110", "Long list of single addresses (use an ipset)", Severity.LOW,
                "Each rule of a list is tested in turn: a thousand blocklist rules cost a thousand comparisons per "
                        + "packet, and every update rewrites the ruleset. One '-m set' rule does a single hash lookup "
                        + "and the set is updated without touching the rules. The seeds: 'ipset is faster and cleaner "
                        + "than thousands of IPTables rules'.");
    }

    /** What stays the same along a run: everything but the varying address and comments. */
    private record Shape(RuleHeader header, List<Match> matches, dev.rampart.model.target.Target target) {
    }

    @Override
    void check(AuditedRuleset r, List<Finding> out) {
        for (Table t : r.ruleset().tables()) {
            for (Chain c : t.chains()) {
                for (boolean source : new boolean[] {true, false}) {
                    runs(r, t, c, source, out);
                }
            }
        }
    }

    private void runs(AuditedRuleset r, Table t, Chain c, boolean source, List<Finding> out) {
        List<Rule> rules = c.rules();
        int start = 0;
        while (start < rules.size()) {
            Shape shape = shape(rules.get(start), source);
            int end = start + 1;
            if (shape != null) {
                while (end < rules.size() && Objects.equals(shape, shape(rules.get(end), source))) {
                    end++;
                }
                if (end - start >= MIN_RULES) {
                    out.add(finding(r, t, c, start + 1, end, source));
                }
            }
            start = end;
        }
    }

    private static Shape shape(Rule rule, boolean source) {
        RuleHeader h = rule.header();
        IpPrefix varying = source ? h.source() : h.destination();
        boolean inverted = source ? h.sourceInverted() : h.destinationInverted();
        if (varying == null || inverted || !varying.isContiguous() || varying.isAny()) {
            return null;
        }
        RuleHeader rest = source ? h.withAddresses(null, h.destination()) : h.withAddresses(h.source(), null);
        List<Match> matches = rule.matches().stream().filter(m -> !(m instanceof CommentMatch)).toList();
        return new Shape(rest, matches, rule.target());
    }

    private Finding finding(AuditedRuleset r, Table t, Chain c, int first, int last, boolean source) {
        List<RuleRef> refs = new ArrayList<>();
        List<IpPrefix> addrs = new ArrayList<>();
        boolean hosts = true;
        for (int i = first; i <= last; i++) {
            refs.add(r.ref(t.name(), c, i));
            RuleHeader h = c.rules().get(i - 1).header();
            IpPrefix p = source ? h.source() : h.destination();
            addrs.add(p);
            hosts &= p.length() == r.family().bits();
        }
        String dir = source ? "src" : "dst";
        String name = setName(c.name(), dir);
        StringBuilder fix = new StringBuilder();
        fix.append("ipset create ").append(name).append(hosts ? " hash:ip" : " hash:net")
                .append(r.family() == Family.IPV6 ? " family inet6" : "").append('\n');
        for (IpPrefix p : addrs) {
            fix.append("ipset add ").append(name).append(' ')
                    .append(hosts ? p.addressText() : p.toString()).append('\n');
        }
        Rule firstRule = c.rules().get(first - 1);
        RuleHeader h = firstRule.header();
        Rule replacing = new Rule(source ? h.withAddresses(null, h.destination()) : h.withAddresses(h.source(), null),
                firstRule.matches().stream().filter(m -> !(m instanceof CommentMatch)).toList(),
                firstRule.target(), null, 0, 0);
        String text = CanonicalWriter.ruleText(c.name(), replacing).substring(("-A " + c.name()).length()).strip();
        String set = "-m set --match-set " + name + " " + dir;
        String padded = " " + text;
        int at = firstOf(padded, " -m ", " -j ", " -g ");
        text = (at < 0 ? padded + " " + set : padded.substring(0, at) + " " + set + padded.substring(at)).strip();
        String x = cmd(r, t.name());
        fix.append(x).append(" -I ").append(c.name()).append(' ').append(first).append(' ').append(text).append('\n');
        fix.append("# then delete the ").append(last - first + 1).append(" old rules, now numbered ")
                .append(first + 1).append('-').append(last + 1).append(":\n");
        fix.append("for i in $(seq ").append(last - first + 1).append("); do ").append(x).append(" -D ")
                .append(c.name()).append(' ').append(first + 1).append("; done");
        return Finding.of(this, "rules " + first + "-" + last + " of " + t.name().id() + " " + c.name() + " ("
                        + (last - first + 1) + " rules, first: " + AuditedRuleset.text(c, first) + ") differ only in "
                        + (source ? "their source" : "their destination") + " address: one ipset and one rule do the "
                        + "same with a single lookup")
                .rules(refs)
                .fix(fix.toString())
                .build();
    }

    private static int firstOf(String text, String... needles) {
        int best = -1;
        for (String n : needles) {
            int i = text.indexOf(n);
            if (i >= 0 && (best < 0 || i < best)) {
                best = i;
            }
        }
        return best;
    }

    private static String setName(String chain, String dir) {
        String base = chain.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "-");
        String suffix = "-" + dir;
        if (base.length() + suffix.length() > MAX_SET_NAME) {
            base = base.substring(0, MAX_SET_NAME - suffix.length());
        }
        return base + suffix;
    }
}
