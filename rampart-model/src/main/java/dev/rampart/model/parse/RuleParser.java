package dev.rampart.model.parse;

import dev.rampart.model.Counters;
import dev.rampart.model.Family;
import dev.rampart.model.Fragment;
import dev.rampart.model.Rule;
import dev.rampart.model.RuleHeader;
import dev.rampart.model.TableName;
import dev.rampart.model.diag.DiagnosticCode;
import dev.rampart.model.diag.Suggest;
import dev.rampart.model.ext.ExtensionException;
import dev.rampart.model.ext.Extensions;
import dev.rampart.model.ext.MatchExtension;
import dev.rampart.model.ext.OptionSpec;
import dev.rampart.model.ext.OptionUse;
import dev.rampart.model.ext.Options;
import dev.rampart.model.ext.RuleContext;
import dev.rampart.model.ext.TargetExtension;
import dev.rampart.model.match.Match;
import dev.rampart.model.match.UnknownMatch;
import dev.rampart.model.net.IpPrefix;
import dev.rampart.model.net.IpText;
import dev.rampart.model.net.Protocol;
import dev.rampart.model.target.Goto;
import dev.rampart.model.target.Jump;
import dev.rampart.model.target.Target;
import dev.rampart.model.target.UnknownTarget;
import dev.rampart.model.target.Verdict;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the rule specification of one command (everything after {@code -A CHAIN}) the way iptables'
 * option parser does: base options in any order, {@code !} before an option to invert it, {@code -m}
 * loading a match whose options follow, implicit loading of the protocol's match for options like
 * {@code --dport} after {@code -p tcp}, target options after {@code -j}, long-option prefixes and
 * {@code --opt=value}. Comma-separated {@code -s}/{@code -d} lists expand into several rules.
 *
 * <p>Every problem is reported with its column; a rule with errors yields no rules. Unknown match
 * modules and targets are kept verbatim with a warning.
 */
public final class RuleParser {

    private static final Map<String, Character> BASE_LONG = new HashMap<>();
    /** {@link #BASE_LONG} keyed by the option as written, {@code --source}. */
    private static final Map<String, Character> BASE_LONG_DASHED = new HashMap<>();
    private static final Map<Integer, String> IMPLICIT_MATCH = Map.of(
            6, "tcp", 17, "udp", 1, "icmp", 58, "icmp6", 132, "sctp", 33, "dccp", 50, "esp", 51, "ah", 135, "mh");

    static {
        BASE_LONG.put("source", 's');
        BASE_LONG.put("src", 's');
        BASE_LONG.put("destination", 'd');
        BASE_LONG.put("dst", 'd');
        BASE_LONG.put("protocol", 'p');
        BASE_LONG.put("in-interface", 'i');
        BASE_LONG.put("out-interface", 'o');
        BASE_LONG.put("jump", 'j');
        BASE_LONG.put("goto", 'g');
        BASE_LONG.put("match", 'm');
        BASE_LONG.put("fragments", 'f');
        BASE_LONG.put("fragment", 'f');
        BASE_LONG.put("set-counters", 'c');
        BASE_LONG.put("ipv4", '4');
        BASE_LONG.put("ipv6", '6');
        BASE_LONG.put("numeric", 'n');
        BASE_LONG.put("verbose", 'v');
        BASE_LONG.put("exact", 'x');
        BASE_LONG.put("wait", 'w');
        BASE_LONG.put("wait-interval", 'W');
        BASE_LONG.forEach((k, v) -> BASE_LONG_DASHED.put("--" + k, v));
    }

    private final Extensions extensions;
    private final Family family;
    private final java.util.Set<String> knownIpSets;

    /** A parser for rules of {@code family}; references to ipsets are not checked. */
    public RuleParser(Family family) {
        this(family, null);
    }

    private RuleParser(Family family, java.util.Set<String> knownIpSets) {
        this.family = family;
        this.extensions = Extensions.of(family);
        this.knownIpSets = knownIpSets;
    }

    /** This parser, checking that every ipset a rule names is one of {@code names}. */
    public RuleParser withKnownIpSets(java.util.Set<String> names) {
        return new RuleParser(family, names == null ? null : java.util.Set.copyOf(names));
    }

    public Family family() {
        return family;
    }

    private static final int RECENT_SET_BITS = 6;
    private static final int RECENT_SETS = 1 << RECENT_SET_BITS;
    private static final int RECENT_WAYS = 4;

    /** Most distinct names for which a "did you mean" chain is searched (each search scans every chain). */
    private static final int MAX_CHAIN_SUGGESTIONS = 64;
    private final java.util.concurrent.ConcurrentHashMap<String, java.util.Optional<String>> chainSuggestions =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** A known target or verdict within typo distance of {@code name}, or null. */
    private String closeTarget(String name) {
        List<String> known = new ArrayList<>(extensions.targetNames());
        known.addAll(List.of("ACCEPT", "DROP", "RETURN", "QUEUE"));
        return Suggest.closest(name, known, Math.max(1, name.length() / 4));
    }

    /**
     * A user chain close to {@code name}, or null. Results are remembered per name and the number of
     * searches is bounded, so a large ruleset full of one mistake stays linear.
     */
    private String closeChain(String name, ChainLookup chains) {
        java.util.Optional<String> hit = chainSuggestions.get(name);
        if (hit != null) {
            return hit.orElse(null);
        }
        if (chainSuggestions.size() >= MAX_CHAIN_SUGGESTIONS) {
            return null;
        }
        String close = Suggest.closest(name, chains.userChains());
        chainSuggestions.put(name, java.util.Optional.ofNullable(close));
        return close;
    }

    /** A run kept for the next rule of the same thread (parsing allocates no new scratch objects then). */
    private Run spare;
    private Thread spareOwner;

    /** The result: the rules (empty on error, or when {@code -4}/{@code -6} excludes this family). */
    public record Result(List<Rule> rules, boolean ok) {
    }

    /**
     * Parses tokens {@code from..} of {@code t} as a rule of {@code chain} in {@code table}.
     * {@code counters} comes from a {@code [p:b]} prefix (may be null).
     */
    public Result parse(Tokens t, int from, TableName table, String chain, ChainLookup chains, Counters counters,
                        LineReporter rep) {
        List<Rule> out = new ArrayList<>(1);
        boolean ok = parseInto(t, from, table, chain, chains, counters, rep, out);
        return new Result(List.copyOf(out), ok);
    }

    /**
     * As {@link #parse}, but appends the rules to {@code out} and returns whether the rule had no error:
     * the bulk reader uses this to collect hundreds of thousands of rules without a result object and a
     * list per rule.
     */
    public boolean parseInto(Tokens t, int from, TableName table, String chain, ChainLookup chains,
                             Counters counters, LineReporter rep, List<Rule> out) {
        Run run = spare;
        if (run == null || run.busy || spareOwner != Thread.currentThread()) {
            run = new Run();
            spare = run;
            spareOwner = Thread.currentThread();
        }
        run.busy = true;
        try {
            return run.reset(t, from, table, chain, chains, counters, rep).parse(out);
        } finally {
            run.busy = false;
        }
    }

    /** One match or target being collected: its extension (null when unknown) and options. */
    private static final class Slot {
        String name;
        int column;
        MatchExtension match;
        TargetExtension target;
        final Options options;
        /** Arguments of a module Rampart does not know, kept verbatim; created on first use. */
        List<String> raw;

        List<String> raw() {
            if (raw == null) {
                raw = new ArrayList<>();
            }
            return raw;
        }
        boolean implicit;

        Slot(String name, int column, MatchExtension match, TargetExtension target, boolean implicit) {
            this.options = new Options(column);
            reset(name, column, match, target, implicit);
        }

        /** Makes this slot describe a new extension use (slots are reused from rule to rule). */
        Slot reset(String newName, int newColumn, MatchExtension newMatch, TargetExtension newTarget,
                   boolean newImplicit) {
            name = newName;
            column = newColumn;
            match = newMatch;
            target = newTarget;
            implicit = newImplicit;
            raw = null;
            options.reset(newColumn);
            return this;
        }

        boolean known() {
            return match != null || target != null;
        }

        List<OptionSpec> specs() {
            return match != null ? match.options() : target != null ? target.options() : List.of();
        }

        /** The spec named (or aliased) exactly {@code src[from..]}, compared in place; null when none. */
        OptionSpec find(String src, int from) {
            int len = src.length() - from;
            List<OptionSpec> specs = specs();
            for (int i = 0, n = specs.size(); i < n; i++) {
                OptionSpec s = specs.get(i);
                if (s.name().length() == len && src.startsWith(s.name(), from)) {
                    return s;
                }
                List<String> aliases = s.aliases();
                for (int k = 0, m = aliases.size(); k < m; k++) {
                    String a = aliases.get(k);
                    if (a.length() == len && src.startsWith(a, from)) {
                        return s;
                    }
                }
            }
            return null;
        }

        /** The name of {@code spec} as written in {@code src[from..]}: its name or the alias used. */
        static String written(OptionSpec spec, String src, int from) {
            int len = src.length() - from;
            if (spec.name().length() == len && src.startsWith(spec.name(), from)) {
                return spec.name();
            }
            for (String a : spec.aliases()) {
                if (a.length() == len && src.startsWith(a, from)) {
                    return a;
                }
            }
            return src.substring(from);
        }

    }

    private final class Run implements dev.rampart.model.ext.ExtensionWarnings {
        Tokens t;
        int n;
        TableName table;
        String chain;
        ChainLookup chains;
        Counters prefixCounters;
        LineReporter rep;
        int i;
        boolean ok = true;
        boolean skipFamily;

        /** The -s addresses (null when none): {@link #sourceList}, reused from rule to rule. */
        List<IpPrefix> sources;
        final List<IpPrefix> sourceList = new ArrayList<>(1);
        boolean srcInv;
        /** The -d addresses (null when none): {@link #destList}, reused from rule to rule. */
        List<IpPrefix> dests;
        final List<IpPrefix> destList = new ArrayList<>(1);
        boolean dstInv;
        String in;
        boolean inInv;
        boolean inSeen;
        String out;
        boolean outInv;
        boolean outSeen;
        Protocol proto;
        boolean protoInv;
        boolean protoSeen;
        Fragment fragment = Fragment.ANY;
        Counters counters;
        final List<Slot> matches = new ArrayList<>(4);
        Slot target;
        String targetName;
        /** The table's own name string of the chain {@code -j} names, when it exists. */
        String jumpChain;
        int targetCol;
        boolean isGoto;
        boolean inverted;
        int invertCol;

        /** The slot whose extension is reporting warnings (see {@link #warn}). */
        Slot warningSlot;

        @Override
        public void warn(DiagnosticCode code, OptionUse u, boolean onArgument, String message, String hint) {
            Slot s = warningSlot;
            rep.report(code, u == null ? s.column : onArgument ? u.argColumn() : u.column(),
                    u == null ? 2 : onArgument && !u.args().isEmpty() ? u.arg().length() : u.written().length() + 2,
                    message, hint);
        }

        /**
         * Recent argument strings, 4 per set, the set chosen by the option ({@link #sharedArgument}).
         * Rules of one file repeat most argument values (match names, targets, comments, ports), so an
         * argument equal to a recent one of the same option is compared in place and that string is
         * returned instead of a new copy: fewer strings made, and the kept ones shared.
         */
        final String[] recent = new String[RECENT_SETS * RECENT_WAYS];
        final byte[] recentNext = new byte[RECENT_SETS];
        /** The option whose argument {@link #argument} reads: its recent-value set key. */
        int argKey;

        /** Token {@code i} as a string, shared with an equal recent argument of the option keyed {@code key}. */
        String sharedArgument(int key) {
            int set = (key * 0x9E3779B9) >>> (32 - RECENT_SET_BITS);
            int base = set * RECENT_WAYS;
            int len = t.length(i);
            for (int w = 0; w < RECENT_WAYS; w++) {
                String s = recent[base + w];
                if (s == null) {
                    break;
                }
                if (s.length() == len && t.is(i, s)) {
                    return s;
                }
            }
            String s = t.get(i);
            recent[base + (recentNext[set]++ & (RECENT_WAYS - 1))] = s;
            return s;
        }

        /** Slots used by the current rule come from here and are reused by the next one. */
        final List<Slot> slotPool = new ArrayList<>(4);
        int slotsUsed;
        boolean busy;

        /** Prepares this run for a new rule (runs are reused: every field is set here). */
        Run reset(Tokens t, int from, TableName table, String chain, ChainLookup chains, Counters counters,
                  LineReporter rep) {
            this.t = t;
            this.n = t.size();
            this.i = from;
            this.table = table;
            this.chain = chain;
            this.chains = chains;
            this.prefixCounters = counters;
            this.rep = rep;
            ok = true;
            skipFamily = false;
            sources = null;
            srcInv = false;
            dests = null;
            dstInv = false;
            in = null;
            inInv = false;
            inSeen = false;
            out = null;
            outInv = false;
            outSeen = false;
            proto = null;
            protoInv = false;
            protoSeen = false;
            fragment = Fragment.ANY;
            this.counters = null;
            matches.clear();
            target = null;
            targetName = null;
            jumpChain = null;
            targetCol = 0;
            isGoto = false;
            inverted = false;
            invertCol = 0;
            slotsUsed = 0;
            return this;
        }

        Slot slot(String name, int column, MatchExtension match, TargetExtension tgt, boolean implicit) {
            if (slotsUsed < slotPool.size()) {
                return slotPool.get(slotsUsed++).reset(name, column, match, tgt, implicit);
            }
            Slot s = new Slot(name, column, match, tgt, implicit);
            slotPool.add(s);
            slotsUsed++;
            return s;
        }

        void error(DiagnosticCode code, int col, int width, String msg, String suggestion) {
            rep.report(code, col, width, msg, suggestion);
            if (code.severity() == dev.rampart.model.diag.Severity.ERROR) {
                ok = false;
            }
        }

        void errorAt(DiagnosticCode code, int tokenIndex, String msg, String suggestion) {
            int idx = Math.min(tokenIndex, n - 1);
            if (idx < 0) {
                error(code, 1, 1, msg, suggestion);
                return;
            }
            int col = t.column(idx);
            int width = tokenIndex >= n ? 1 : t.get(idx).length();
            if (tokenIndex >= n) {
                col = t.column(idx) + t.get(idx).length() + 1;
            }
            error(code, col, width, msg, suggestion);
        }

        boolean parse(List<Rule> sink) {
            while (i < n && ok) {
                int len = t.length(i);
                char c0 = len > 0 ? t.charAt(i, 0) : 0;
                if (len == 1 && c0 == '!') {
                    if (inverted) {
                        errorAt(DiagnosticCode.CANNOT_INVERT, i, "'!' given twice", "remove one '!'");
                    }
                    inverted = true;
                    invertCol = i;
                    i++;
                    continue;
                }
                if (len > 2 && c0 == '-' && t.charAt(i, 1) == '-') {
                    if (!t.contains(i, '=')) {
                        // the common case: an option of a loaded match or target, recognised in place
                        if (takeKnownOptionInPlace()) {
                            continue;
                        }
                        String tok = t.get(i);
                        Character base = BASE_LONG_DASHED.get(tok);
                        if (base != null) {
                            int at = i++;
                            base(base, null, at);
                        } else {
                            extensionOption(tok, 2, null);
                        }
                        continue;
                    }
                    String tok = t.get(i);
                    int eq = tok.indexOf('=');
                    String name = tok.substring(2, eq);
                    String inline = tok.substring(eq + 1);
                    Character base = BASE_LONG.get(name);
                    if (base != null) {
                        int at = i++;
                        base(base, inline, at);
                    } else {
                        extensionOption(name, 0, inline);
                    }
                    continue;
                }
                if (len >= 2 && c0 == '-' && !Character.isDigit(t.charAt(i, 1))) {
                    int at = i++;
                    base(t.charAt(at, 1), len > 2 ? t.get(at).substring(2) : null, at);
                    continue;
                }
                String tok = t.get(i);
                errorAt(DiagnosticCode.UNEXPECTED_ARGUMENT, i, "unexpected argument '" + tok + "'",
                        "options start with '-'; quote values that contain spaces");
                i++;
            }
            if (ok && inverted) {
                errorAt(DiagnosticCode.CANNOT_INVERT, invertCol, "'!' is not followed by an option", null);
            }
            if (!ok || skipFamily) {
                return ok;
            }
            return build(sink);
        }

        /** Next argument of the option at token {@code at}; handles the old "-s ! addr" negation. */
        String argument(String inline, int at, boolean invertible) {
            if (inline != null) {
                return inline;
            }
            if (i >= n) {
                errorAt(DiagnosticCode.MISSING_ARGUMENT, at, "option '" + t.get(at) + "' needs an argument", null);
                return null;
            }
            String a = argKey != 0 ? sharedArgument(argKey) : t.get(i);
            if (a.equals("!") && invertible) {
                if (inverted) {
                    errorAt(DiagnosticCode.CANNOT_INVERT, i, "'!' given twice", "remove one '!'");
                    return null;
                }
                rep.report(DiagnosticCode.OLD_NEGATION, t.column(i), 1,
                        "'!' after the option is the old negation syntax", "write '! " + t.get(at) + " ...' instead");
                inverted = true;
                i++;
                if (i >= n) {
                    errorAt(DiagnosticCode.MISSING_ARGUMENT, at, "option '" + t.get(at) + "' needs an argument", null);
                    return null;
                }
                a = argKey != 0 ? sharedArgument(argKey) : t.get(i);
            }
            i++;
            return a;
        }

        boolean takeInvert() {
            boolean v = inverted;
            inverted = false;
            return v;
        }

        void noInvert(int at) {
            if (inverted) {
                errorAt(DiagnosticCode.CANNOT_INVERT, invertCol, "option '" + t.get(at) + "' cannot be inverted",
                        "remove the '!'");
                inverted = false;
            }
        }

        void base(char c, String inline, int at) {
            // names (modules, protocols, targets, interfaces) repeat from rule to rule; addresses and counters rarely do
            argKey = c == 's' || c == 'd' || c == 'c' ? 0 : c;
            switch (c) {
                case 's', 'd' -> {
                    boolean seen = c == 's' ? sources != null : dests != null;
                    // the common case, an address token of its own, is read where it is written (no copy)
                    String text;
                    int from;
                    int to;
                    if (inline == null && i < n && !t.is(i, "!")) {
                        text = t.textOf(i);
                        from = t.start(i);
                        to = t.end(i);
                        i++;
                    } else {
                        text = argument(inline, at, true);
                        if (text == null) {
                            return;
                        }
                        from = 0;
                        to = text.length();
                    }
                    int argIdx = i - 1;
                    if (seen) {
                        errorAt(DiagnosticCode.DUPLICATE_OPTION, at, "multiple -" + c + " options", null);
                        return;
                    }
                    List<IpPrefix> list = c == 's' ? sourceList : destList;
                    list.clear();
                    for (int partFrom = from; partFrom <= to; ) {
                        int partTo = partFrom;
                        while (partTo < to && text.charAt(partTo) != ',') {
                            partTo++;
                        }
                        IpPrefix p = IpText.parsePrefix(family, text, partFrom, partTo);
                        if (p == null) {
                            String part = text.substring(partFrom, partTo);
                            String hint = part.isEmpty() ? null
                                    : part.startsWith("<") || part.contains("XX") || part.contains("xx")
                                    ? "this looks like a placeholder left by anonymisation; put a real address here"
                                    : Character.isLetter(part.charAt(0)) && !part.contains(":")
                                    ? "host names are not resolved; write the address"
                                    : family == Family.IPV4 && part.contains(":")
                                    ? "this is an IPv6 address; use --family 6 / ip6tables"
                                    : family == Family.IPV6 && part.matches("[0-9.]+(/.*)?")
                                    ? "this is an IPv4 address; IPv6 rules need IPv6 addresses" : null;
                            errorAt(DiagnosticCode.INVALID_ADDRESS, inline != null ? at : argIdx,
                                    "invalid " + (family == Family.IPV4 ? "IPv4" : "IPv6") + " address '" + part + "'",
                                    hint);
                            return;
                        }
                        list.add(p);
                        partFrom = partTo + 1;
                    }
                    if (c == 's') {
                        sources = list;
                        srcInv = takeInvert();
                    } else {
                        dests = list;
                        dstInv = takeInvert();
                    }
                    if ((c == 's' ? srcInv : dstInv) && list.size() > 1) {
                        errorAt(DiagnosticCode.CANNOT_INVERT, at, "'!' cannot be used with more than one address",
                                "write one rule per address");
                    }
                }
                case 'i', 'o' -> {
                    String a = argument(inline, at, true);
                    if (a == null) {
                        return;
                    }
                    if (c == 'i' ? inSeen : outSeen) {
                        errorAt(DiagnosticCode.DUPLICATE_OPTION, at, "multiple -" + c + " options", null);
                        return;
                    }
                    if (a.length() > 15 || a.isEmpty() || a.indexOf(' ') >= 0 || a.indexOf('/') >= 0) {
                        errorAt(DiagnosticCode.INVALID_INTERFACE, inline != null ? at : i - 1,
                                "invalid interface name '" + a + "'" + (a.length() > 15 ? " (longer than 15 characters)" : ""),
                                null);
                        return;
                    }
                    boolean inv = takeInvert();
                    String value = a.equals("+") && !inv ? null : a;
                    if (c == 'i') {
                        in = value;
                        inInv = inv;
                        inSeen = true;
                    } else {
                        out = value;
                        outInv = inv;
                        outSeen = true;
                    }
                }
                case 'p' -> {
                    String a = argument(inline, at, true);
                    if (a == null) {
                        return;
                    }
                    if (protoSeen) {
                        errorAt(DiagnosticCode.DUPLICATE_OPTION, at, "multiple -p options", null);
                        return;
                    }
                    Protocol p = Protocol.parse(a);
                    if (p == null) {
                        errorAt(DiagnosticCode.UNKNOWN_PROTOCOL, inline != null ? at : i - 1,
                                "unknown protocol '" + a + "'", Suggest.didYouMean(a, Protocol.names()));
                        return;
                    }
                    boolean inv = takeInvert();
                    if (p.isAll() && inv) {
                        errorAt(DiagnosticCode.CANNOT_INVERT, at, "rule would never match protocol",
                                "'! -p all' matches no packet; remove the rule or the '!'");
                        return;
                    }
                    protoSeen = true;
                    proto = p.isAll() ? null : p;
                    protoInv = inv;
                }
                case 'f' -> {
                    if (family == Family.IPV6) {
                        errorAt(DiagnosticCode.WRONG_FAMILY, at, "-f (fragments) exists only for IPv4",
                                "use '-m frag' for IPv6 fragments");
                        return;
                    }
                    if (fragment != Fragment.ANY) {
                        errorAt(DiagnosticCode.DUPLICATE_OPTION, at, "multiple -f options", null);
                        return;
                    }
                    fragment = takeInvert() ? Fragment.NON_FRAGMENTS : Fragment.FRAGMENTS;
                }
                case 'm' -> {
                    noInvert(at);
                    String a = argument(inline, at, false);
                    if (a == null) {
                        return;
                    }
                    MatchExtension ext = extensions.match(a);
                    if (ext == null) {
                        // a near miss of a known module is a typo; anything else may be a real module we do not model
                        String close = Suggest.closest(a, extensions.matchNames(), Math.max(1, a.length() / 4));
                        if (close != null && !close.equals(a) || a.isEmpty()) {
                            errorAt(DiagnosticCode.UNKNOWN_MATCH, i - 1, "unknown match module '" + a + "'",
                                    close == null ? null : "did you mean '" + close + "'?");
                            return;
                        }
                        rep.report(DiagnosticCode.UNKNOWN_MATCH_KEPT, t.column(i - 1), a.length(),
                                "match module '" + a + "' is not modelled; kept verbatim and treated as unknown", null);
                    }
                    matches.add(slot(a, t.column(at), ext, null, false));
                }
                case 'j', 'g' -> {
                    noInvert(at);
                    // a jump to a user chain (most rules of big rulesets) is looked up where it is written:
                    // the chain's own name string is used, and the token is never copied
                    String found = c == 'j' && inline == null && i < n && !t.is(i, "!")
                            ? chains.find(t.textOf(i), t.start(i), t.end(i)) : null;
                    String a;
                    if (found != null) {
                        a = found;
                        i++;
                    } else {
                        a = argument(inline, at, false);
                        if (a == null) {
                            return;
                        }
                    }
                    if (targetName != null) {
                        errorAt(DiagnosticCode.DUPLICATE_OPTION, at, "multiple -j/-g options", null);
                        return;
                    }
                    targetName = a;
                    targetCol = i - 1;
                    isGoto = c == 'g';
                    if (!isGoto && Verdict.byName(a) == null) {
                        TargetExtension ext = extensions.target(a);
                        if (ext != null) {
                            target = slot(a, t.column(at), null, ext, false);
                        } else {
                            jumpChain = found != null ? found : chains.find(a);
                            if (jumpChain == null) {
                                target = slot(a, t.column(at), null, null, false);
                            }
                        }
                    }
                }
                case 'c' -> {
                    noInvert(at);
                    String a = argument(inline, at, false);
                    if (a == null) {
                        return;
                    }
                    String p = a;
                    String b = null;
                    int comma = a.length() > 1 ? a.indexOf(',', 1) : -1;
                    if (comma > 0) {
                        p = a.substring(0, comma);
                        b = a.substring(comma + 1);
                    } else if (i < n && !t.get(i).startsWith("-")) {
                        b = t.get(i++);
                    }
                    long pk = decimal(p);
                    long by = b == null ? -1 : decimal(b);
                    if (pk < 0 || by < 0) {
                        errorAt(DiagnosticCode.INVALID_COUNTERS, at, "-c needs a packet and a byte counter",
                                "write '-c PACKETS BYTES'");
                        return;
                    }
                    counters = new Counters(pk, by);
                }
                case '4' -> {
                    if (family != Family.IPV4) {
                        skipFamily = true;
                    }
                }
                case '6' -> {
                    if (family != Family.IPV6) {
                        skipFamily = true;
                    }
                }
                case 'n', 'v', 'x' -> {
                    // listing options: harmless in a rule
                }
                case 'w', 'W' -> {
                    if (inline == null && i < n && !t.get(i).startsWith("-")) {
                        i++;
                    }
                }
                default -> errorAt(DiagnosticCode.UNKNOWN_OPTION, at, "unknown option '" + t.get(at) + "'", null);
            }
        }

        long decimal(String s) {
            if (s.isEmpty()) {
                return -1;
            }
            long v = 0;
            for (int k = 0; k < s.length(); k++) {
                char ch = s.charAt(k);
                if (ch < '0' || ch > '9') {
                    return k == 0 ? -1 : v;
                }
                v = v * 10 + (ch - '0');
            }
            return v;
        }

        /** Option {@code src[from..]} (its name without {@code --}), with an {@code =value} part or null. */
        void extensionOption(String src, int from, String inline) {
            int at = i;
            Slot owner = null;
            OptionSpec spec = null;
            for (int k = matches.size() - 1; k >= 0 && spec == null; k--) {
                Slot s = matches.get(k);
                OptionSpec f = s.find(src, from);
                if (f != null) {
                    owner = s;
                    spec = f;
                }
            }
            if (spec == null && target != null) {
                OptionSpec f = target.find(src, from);
                if (f != null) {
                    owner = target;
                    spec = f;
                }
            }
            if (spec == null && proto != null && !protoInv) {
                String implicitName = IMPLICIT_MATCH.get(proto.number());
                MatchExtension ext = implicitName == null ? null : extensions.match(implicitName);
                if (ext != null && !hasSlot(implicitName)) {
                    Slot s = slot(implicitName, t.column(at), ext, null, true);
                    OptionSpec f = s.find(src, from);
                    if (f == null) {
                        slotsUsed--;
                    }
                    if (f != null) {
                        matches.add(s);
                        owner = s;
                        spec = f;
                    }
                }
            }
            String name = spec != null ? Slot.written(spec, src, from) : src.substring(from);
            if (spec == null) {
                // getopt_long accepts a unique prefix of a long option
                List<Slot> cands = new ArrayList<>(matches);
                if (target != null) {
                    cands.add(target);
                }
                Slot prefixOwner = null;
                OptionSpec prefixSpec = null;
                int found = 0;
                for (Slot s : cands) {
                    for (OptionSpec f : s.specs()) {
                        if (f.name().startsWith(name) && !name.isEmpty()) {
                            if (prefixSpec != f) {
                                found++;
                            }
                            prefixOwner = s;
                            prefixSpec = f;
                        }
                    }
                }
                if (found == 1) {
                    owner = prefixOwner;
                    spec = prefixSpec;
                }
            }
            if (spec == null) {
                Slot last = target != null && !target.known() ? target
                        : !matches.isEmpty() && !matches.get(matches.size() - 1).known() ? matches.get(matches.size() - 1)
                        : null;
                if (last != null) {
                    captureVerbatim(last, name, inline);
                    return;
                }
                List<String> owners = extensions.ownersOf(name);
                String hint;
                if (!owners.isEmpty()) {
                    hint = "'--" + name + "' belongs to '" + owners.get(0) + "'; add it before this option"
                            + (owners.get(0).equals("-m tcp") || owners.get(0).equals("-m udp")
                            ? " (or '-p " + owners.get(0).substring(3) + "')" : "");
                } else {
                    List<String> all = new ArrayList<>();
                    for (Slot s : matches) {
                        s.specs().forEach(sp -> all.add(sp.name()));
                    }
                    if (target != null) {
                        target.specs().forEach(sp -> all.add(sp.name()));
                    }
                    all.addAll(BASE_LONG.keySet());
                    String close = Suggest.closest(name, all);
                    hint = close == null ? null : "did you mean '--" + close + "'?";
                }
                errorAt(DiagnosticCode.UNKNOWN_OPTION, at, "unknown option '--" + name + "'", hint);
                i++;
                return;
            }
            takeOption(owner, spec, name, inline);
        }

        /**
         * Looks the long option at token {@code i} up among the loaded matches and the target, comparing
         * in place (no copy of the token); consumes it and returns true when found.
         */
        boolean takeKnownOptionInPlace() {
            for (int k = matches.size() - 1; k >= 0; k--) {
                Slot s = matches.get(k);
                if (s.known() && takeIfDeclared(s)) {
                    return true;
                }
            }
            return target != null && target.known() && takeIfDeclared(target);
        }

        private boolean takeIfDeclared(Slot s) {
            List<OptionSpec> specs = s.specs();
            for (int k = 0, m = specs.size(); k < m; k++) {
                OptionSpec spec = specs.get(k);
                if (t.isLongOption(i, spec.name())) {
                    takeOption(s, spec, spec.name(), null);
                    return true;
                }
                List<String> aliases = spec.aliases();
                for (int a = 0, am = aliases.size(); a < am; a++) {
                    if (t.isLongOption(i, aliases.get(a))) {
                        takeOption(s, spec, aliases.get(a), null);
                        return true;
                    }
                }
            }
            return false;
        }

        /** Consumes option {@code spec} of {@code owner} at token {@code i} (written as {@code name}) and its arguments. */
        void takeOption(Slot owner, OptionSpec spec, String name, String inline) {
            int at = i;
            i++;
            boolean inv = takeInvert();
            int arity = spec.arity();
            if (spec.optionalArgument() && inline == null
                    && (i >= n || t.length(i) > 0 && t.charAt(i, 0) == '-' || t.is(i, "!"))) {
                arity = 0;
            }
            // one argument (almost every option) is kept without a list; one read in place is not even copied
            String first = null;
            int inPlace = -1;
            String[] args = arity > 1 ? new String[arity] : null;
            int argCol = t.column(at);
            for (int k = 0; k < arity; k++) {
                if (k == 0 && inline != null) {
                    first = inline;
                    continue;
                }
                if (i >= n) {
                    errorAt(DiagnosticCode.MISSING_ARGUMENT, at, "option '--" + name + "' needs "
                            + (spec.arity() == 1 ? "an argument" : spec.arity() + " arguments"), null);
                    return;
                }
                if (k == 0 && t.is(i, "!") && spec.invertible() && i + 1 < n) {
                    rep.report(DiagnosticCode.OLD_NEGATION, t.column(i), 1,
                            "'!' after the option is the old negation syntax",
                            "write '! --" + spec.name() + " ...' instead");
                    if (inv) {
                        errorAt(DiagnosticCode.CANNOT_INVERT, i, "'!' given twice", "remove one '!'");
                        return;
                    }
                    inv = true;
                    i++;
                }
                if (k == 0) {
                    argCol = t.column(i);
                    if (spec.readInPlace()) {
                        inPlace = i++;
                        continue;
                    }
                }
                String a = sharedArgument(spec.name().hashCode() + k);
                i++;
                if (k == 0) {
                    first = a;
                } else {
                    args[k] = a;
                }
            }
            if (inv && !spec.invertible()) {
                errorAt(DiagnosticCode.CANNOT_INVERT, at, "option '--" + spec.name() + "' cannot be inverted",
                        "remove the '!'");
                return;
            }
            if (!spec.repeatable() && owner.options.has(spec.name())) {
                errorAt(DiagnosticCode.DUPLICATE_OPTION, at, "option '--" + spec.name() + "' given twice for '"
                        + owner.name + "'", "give it once");
                return;
            }
            if (inPlace >= 0) {
                owner.options.addInPlace(spec, name, inv, t.textOf(inPlace), t.start(inPlace), t.end(inPlace),
                        t.column(at), argCol);
            } else if (arity == 1) {
                owner.options.add(spec, name, inv, first, null, t.column(at), argCol);
            } else {
                if (arity > 1) {
                    args[0] = first;
                }
                owner.options.add(spec, name, inv, null, arity == 0 ? List.of() : List.of(args), t.column(at), argCol);
            }
        }

        boolean hasSlot(String name) {
            for (Slot s : matches) {
                if (s.name.equals(name)) {
                    return true;
                }
            }
            return false;
        }

        void captureVerbatim(Slot slot, String name, String inline) {
            if (takeInvert()) {
                slot.raw().add("!");
            }
            slot.raw().add("--" + name);
            i++;
            if (inline != null) {
                slot.raw().add(inline);
            }
            while (i < n && !t.get(i).startsWith("-") && !t.get(i).equals("!")) {
                slot.raw().add(t.get(i++));
            }
        }

        /** The matches of the rule being built; reused from rule to rule (the rule keeps a copy). */
        final List<Match> built = new ArrayList<>(4);
        /** Extensions only read the earlier matches while they build; a view saves a copy per match. */
        final List<Match> builtView = java.util.Collections.unmodifiableList(built);
        /** One context per thread, moved to each rule (extensions do not keep it). */
        RuleContext lastContext;

        boolean build(List<Rule> sink) {
            built.clear();
            // one context per rule: extensions see the matches built before them through the view
            RuleContext ctx = lastContext;
            if (ctx == null) {
                ctx = new RuleContext(family, table, chain, proto, protoInv, builtView, knownIpSets);
                lastContext = ctx;
            } else {
                ctx.moveTo(table, chain, proto, protoInv);
            }
            for (int k = 0, n = matches.size(); k < n; k++) {
                Slot s = matches.get(k);
                if (s.match == null) {
                    built.add(new UnknownMatch(s.name, s.raw == null ? List.of() : s.raw));
                    continue;
                }
                try {
                    Match m = s.match.build(s.options, ctx);
                    warningSlot = s;
                    s.match.warnings(m, s.options, this);
                    built.add(sharedMatch(m));
                } catch (ExtensionException e) {
                    report(e, s);
                }
            }
            Target tgt = null;
            if (targetName != null) {
                tgt = resolveTarget(ctx, built);
            }
            if (!ok) {
                return false;
            }
            Counters c = counters != null ? counters : prefixCounters;
            int line = rep.line();
            int column = n > 0 ? t.column(0) : 1;
            // List.copyOf would first copy into a temporary array; rules have one or two matches mostly
            int matchCount = built.size();
            List<Match> frozen = matchCount == 0 ? List.of() : matchCount == 1 ? List.of(built.get(0))
                    : matchCount == 2 ? List.of(built.get(0), built.get(1)) : List.copyOf(built);
            if ((sources == null || sources.size() == 1) && (dests == null || dests.size() == 1)) {
                RuleHeader h = new RuleHeader(sources == null ? null : sources.get(0), srcInv,
                        dests == null ? null : dests.get(0), dstInv, in, inInv, out, outInv, proto, protoInv, fragment)
                        .shared();
                sink.add(new Rule(h, frozen, tgt, c, line, column));
                return true;
            }
            RuleHeader header = new RuleHeader(null, srcInv, null, dstInv, in, inInv, out, outInv, proto, protoInv,
                    fragment);
            List<IpPrefix> srcs = sources == null ? java.util.Collections.singletonList(null) : sources;
            List<IpPrefix> dsts = dests == null ? java.util.Collections.singletonList(null) : dests;
            for (IpPrefix s : srcs) {
                for (IpPrefix d : dsts) {
                    sink.add(new Rule(header.withAddresses(s, d), frozen, tgt, c, line, column));
                }
            }
            return true;
        }

        Target resolveTarget(RuleContext ctx, List<Match> built) {
            int col = t.column(targetCol);
            int width = targetName.length();
            if (isGoto) {
                String gotoChain = chains.find(targetName);
                if (gotoChain == null || table.isBuiltin(targetName)) {
                    error(DiagnosticCode.UNKNOWN_CHAIN, col, width, table.isBuiltin(targetName)
                                    ? "cannot goto built-in chain '" + targetName + "'"
                                    : "goto to chain '" + targetName + "' which does not exist in table '" + table.id() + "'",
                            closeChain(targetName, chains) == null ? null
                                    : "did you mean '" + closeChain(targetName, chains) + "'?");
                    return null;
                }
                return new Goto(gotoChain);
            }
            Verdict v = Verdict.byName(targetName);
            if (v != null) {
                return v;
            }
            if (target != null && target.target != null) {
                try {
                    return target.target.build(target.options, ctx);
                } catch (ExtensionException e) {
                    report(e, target);
                    return null;
                }
            }
            if (jumpChain != null) {
                if (table.isBuiltin(targetName)) {
                    error(DiagnosticCode.UNKNOWN_CHAIN, col, width, "cannot jump to built-in chain '" + targetName + "'",
                            null);
                    return null;
                }
                return jumpTo(jumpChain);
            }
            String close = closeTarget(targetName);
            if (close != null) {
                error(DiagnosticCode.UNKNOWN_TARGET, col, width, "unknown target '" + targetName + "'",
                        "did you mean '" + close + "'?");
                return null;
            }
            if (!isUpperCaseName(targetName)) {
                String closeChain = closeChain(targetName, chains);
                error(DiagnosticCode.UNKNOWN_CHAIN, col, width, "target chain '" + targetName
                                + "' does not exist in table '" + table.id() + "'",
                        closeChain != null ? "did you mean '" + closeChain + "'?" : "declare it first with ':" + targetName
                                + " - [0:0]' (or -N " + targetName + ")");
                return null;
            }
            rep.report(DiagnosticCode.UNKNOWN_TARGET_KEPT, col, width,
                    "target '" + targetName + "' is not modelled; kept verbatim and treated as unknown", null);
            return new UnknownTarget(targetName, target == null || target.raw == null ? List.of() : target.raw);
        }

        /**
         * Recent matches of this thread by value (direct-mapped on the hash). Matches are immutable records,
         * and big rulesets repeat them: a comment through a chain, {@code -m tcp} without options, a
         * kube-proxy probability in every service. A match equal to a recent one is replaced by it, so the
         * ruleset keeps one object instead of thousands: less memory, and less for the collector to copy
         * while the ruleset is being built.
         */
        final Match[] recentMatches = new Match[256];

        Match sharedMatch(Match m) {
            int slot = (m.hashCode() * 0x9E3779B9) >>> 24;
            Match r = recentMatches[slot];
            if (r != null && r.getClass() == m.getClass() && r.equals(m)) {
                return r;
            }
            recentMatches[slot] = m;
            return m;
        }

        /** Recent jumps, by the hash of the chain name: rules of one chain often jump to the same chain. */
        final Jump[] recentJumps = new Jump[64];

        /** A jump to {@code chain} (the table's own name string), shared with a recent equal one. */
        Jump jumpTo(String chain) {
            int slot = chain.hashCode() & (recentJumps.length - 1);
            Jump j = recentJumps[slot];
            if (j == null || j.chain() != chain) {
                j = new Jump(chain);
                recentJumps[slot] = j;
            }
            return j;
        }

        boolean isUpperCaseName(String s) {
            for (int k = 0; k < s.length(); k++) {
                char ch = s.charAt(k);
                // target extensions are named in capitals and digits only; LOG_DROP or KUBE-SVC-X are chains
                if (!(ch >= 'A' && ch <= 'Z') && !(ch >= '0' && ch <= '9')) {
                    return false;
                }
            }
            return !s.isEmpty();
        }

        void report(ExtensionException e, Slot s) {
            OptionUse u = e.at();
            String where = (s.match != null ? "match '" : "target '") + s.name + "': ";
            if (u == null) {
                error(e.code(), s.column, 2, where + e.getMessage(), e.suggestion());
            } else if (e.onArgument()) {
                int width = u.args().isEmpty() ? u.written().length() + 2 : u.args().get(0).length();
                error(e.code(), u.args().isEmpty() ? u.column() : u.argColumn(), width, where + e.getMessage(),
                        e.suggestion());
            } else {
                error(e.code(), u.column(), u.written().length() + 2, where + e.getMessage(), e.suggestion());
            }
        }
    }
}
