package dev.rampart.model.write;

import dev.rampart.model.Chain;
import dev.rampart.model.Counters;
import dev.rampart.model.Family;
import dev.rampart.model.Fragment;
import dev.rampart.model.Rule;
import dev.rampart.model.RuleHeader;
import dev.rampart.model.Ruleset;
import dev.rampart.model.Table;
import dev.rampart.model.match.Match;
import dev.rampart.model.target.Goto;
import dev.rampart.model.target.Jump;
import dev.rampart.model.target.Target;
import java.util.HashMap;
import java.util.Map;

/**
 * Prints a ruleset the way {@code iptables -L -v -n --line-numbers} lays it out, table by table: a chain
 * header with policy counters or reference count, then one row per rule with number, packet and byte
 * counters (K/M/G abbreviated as iptables does), target, protocol, fragment flags, interfaces and
 * addresses. The trailing column shows each match and target option in {@code iptables-save} syntax
 * (iptables -L uses a prose form there, e.g. {@code tcp dpt:22}; Rampart prints {@code -m tcp --dport 22}).
 */
public final class ListingWriter {
    private ListingWriter() {
    }

    /** The listing of every table of {@code ruleset}. */
    public static String write(Ruleset ruleset) {
        StringBuilder sb = new StringBuilder();
        boolean firstTable = true;
        for (Table t : ruleset.tables()) {
            if (!firstTable) {
                sb.append('\n');
            }
            firstTable = false;
            sb.append("# table ").append(t.name().id()).append('\n');
            Map<String, Integer> refs = references(t);
            boolean firstChain = true;
            for (Chain c : t.chains()) {
                if (!firstChain) {
                    sb.append('\n');
                }
                firstChain = false;
                chain(sb, ruleset.family(), c, refs.getOrDefault(c.name(), 0));
            }
        }
        return sb.toString();
    }

    private static Map<String, Integer> references(Table t) {
        Map<String, Integer> refs = new HashMap<>();
        for (Chain c : t.chains()) {
            for (Rule r : c.rules()) {
                if (r.target() instanceof Jump j) {
                    refs.merge(j.chain(), 1, Integer::sum);
                } else if (r.target() instanceof Goto g) {
                    refs.merge(g.chain(), 1, Integer::sum);
                }
            }
        }
        return refs;
    }

    private static void chain(StringBuilder sb, Family family, Chain c, int refs) {
        sb.append("Chain ").append(c.name());
        if (c.builtin()) {
            sb.append(" (policy ").append(c.policy().name()).append(' ');
            num(sb, c.counters().packets(), true);
            sb.append("packets, ");
            num(sb, c.counters().bytes(), true);
            sb.append("bytes)\n");
        } else {
            sb.append(" (").append(refs).append(refs == 1 ? " reference" : " references").append(")\n");
        }
        sb.append(String.format("%-4s %5s %5s %-9s  prot opt %-6s %-6s  %-19s  %-19s %n", "num", "pkts", "bytes",
                "target", "in", "out", "source", "destination").stripTrailing()).append('\n');
        int n = 1;
        for (Rule r : c.rules()) {
            row(sb, family, n++, r);
        }
    }

    private static void row(StringBuilder sb, Family family, int n, Rule r) {
        Counters k = r.counters() == null ? Counters.ZERO : r.counters();
        sb.append(String.format("%-4d ", n));
        num(sb, k.packets(), false);
        num(sb, k.bytes(), false);
        Target t = r.target();
        sb.append(String.format("%-9s ", t == null ? "" : t.name()));
        RuleHeader h = r.header();
        sb.append(h.protocolInverted() ? '!' : ' ');
        String proto = h.protocol() == null ? "all" : h.protocol().saveName();
        sb.append(String.format("%-5s", proto));
        if (family == Family.IPV4) {
            sb.append(h.fragment() == Fragment.NON_FRAGMENTS ? '!' : '-')
                    .append(h.fragment() == Fragment.FRAGMENTS ? 'f' : '-').append(' ');
        } else {
            sb.append("   ");
        }
        sb.append(String.format(" %-6s ", iface(h.inInterface(), h.inInverted())));
        sb.append(String.format("%-6s ", iface(h.outInterface(), h.outInverted())));
        String any = family == Family.IPV4 ? "0.0.0.0/0" : "::/0";
        sb.append(String.format(" %-19s ", addr(h.source() == null ? any : h.source().toString(), h.sourceInverted())));
        sb.append(String.format(" %-19s ", addr(h.destination() == null ? any : h.destination().toString(),
                h.destinationInverted())));
        StringBuilder extra = new StringBuilder();
        SaveLine line = new SaveLine(extra);
        for (Match m : r.matches()) {
            extra.append(" -m ").append(m.module());
            m.writeOptions(line);
        }
        if (t instanceof Goto g) {
            extra.append(" [goto] ").append(g.chain());
        } else if (t != null) {
            t.writeOptions(line);
        }
        sb.append(extra).append('\n');
        int end = sb.length() - 1;
        int trim = end;
        while (trim > 0 && sb.charAt(trim - 1) == ' ') {
            trim--;
        }
        sb.delete(trim, end);
    }

    private static String iface(String name, boolean inv) {
        return name == null ? (inv ? "!*" : "*") : (inv ? "!" : "") + name;
    }

    private static String addr(String a, boolean inv) {
        return inv ? "!" + a : a;
    }

    /** iptables' xtables_print_num with K/M/G/T abbreviation; {@code compact} is the header form. */
    static void num(StringBuilder sb, long value, boolean compact) {
        String s;
        if (value <= 99999) {
            s = Long.toString(value);
        } else {
            long v = (value + 500) / 1000;
            String unit = "K";
            if (v > 9999) {
                v = (v + 500) / 1000;
                unit = "M";
                if (v > 9999) {
                    v = (v + 500) / 1000;
                    unit = "G";
                    if (v > 9999) {
                        v = (v + 500) / 1000;
                        unit = "T";
                    }
                }
            }
            s = v + unit;
        }
        if (compact) {
            sb.append(s).append(' ');
        } else {
            sb.append(String.format("%5s ", s));
        }
    }
}
