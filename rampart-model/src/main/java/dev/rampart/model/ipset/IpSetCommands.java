package dev.rampart.model.ipset;

import dev.rampart.model.Family;
import dev.rampart.model.SourcePos;
import dev.rampart.model.diag.DiagnosticCode;
import dev.rampart.model.diag.Suggest;
import dev.rampart.model.ext.Values;
import dev.rampart.model.net.IpPrefix;
import dev.rampart.model.net.IpText;
import dev.rampart.model.net.PortRange;
import dev.rampart.model.parse.LineReporter;
import dev.rampart.model.parse.Tokens;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Runs one ipset command ({@code create add del test flush destroy rename swap}, plus {@code list save
 * version help} which change nothing) against an {@link IpSetsBuilder}, reporting every problem on the
 * current line with its column. Shared by the {@code ipset save}/{@code restore} reader (where lines
 * start with the command word) and the command-script reader (words after {@code ipset}, where global
 * options such as {@code -exist} may appear). Accepts ipset's long, short and old command spellings
 * ({@code create}, {@code n}, {@code -N}, {@code --create}).
 */
public final class IpSetCommands {
    private final IpSetsBuilder builder;

    public IpSetCommands(IpSetsBuilder builder) {
        this.builder = builder;
    }

    /** What one command did. */
    public enum Outcome { APPLIED, NO_CHANGE, FAILED, NO_COMMAND }

    /** A command word. */
    private enum Cmd { CREATE, ADD, DEL, TEST, DESTROY, FLUSH, RENAME, SWAP, LIST, SAVE, RESTORE, VERSION, HELP }

    private static Cmd command(String w) {
        String s = w.startsWith("--") ? w.substring(2) : w;
        return switch (s) {
            case "create", "n", "-N" -> Cmd.CREATE;
            case "add", "a", "-A" -> Cmd.ADD;
            case "del", "d", "-D" -> Cmd.DEL;
            case "test", "t", "-T" -> Cmd.TEST;
            case "destroy", "x", "-X" -> Cmd.DESTROY;
            case "flush", "f", "-F" -> Cmd.FLUSH;
            case "rename", "e", "-E" -> Cmd.RENAME;
            case "swap", "w", "-W" -> Cmd.SWAP;
            case "list", "l", "-L" -> Cmd.LIST;
            case "save", "s", "-S" -> Cmd.SAVE;
            case "restore", "r", "-R" -> Cmd.RESTORE;
            case "version", "v", "-V" -> Cmd.VERSION;
            case "help", "h", "-H" -> Cmd.HELP;
            default -> null;
        };
    }

    private static final Set<String> GLOBAL_FLAGS = Set.of("-exist", "-!", "-q", "-quiet", "-s", "-sorted", "-r",
            "-resolve", "-n", "-name", "-t", "-terse");
    private static final Set<String> GLOBAL_WITH_VALUE = Set.of("-o", "-output", "-f", "-file");

    private static final List<String> COMMAND_WORDS = List.of("create", "add", "del", "test", "destroy", "flush",
            "rename", "swap", "list", "save", "restore", "version", "help");

    /**
     * Runs the command in tokens {@code from..} of {@code t}. With {@code restoreLine} the tokens are one
     * line of {@code ipset restore} input, where {@code list save restore version help} are refused.
     */
    public Outcome run(Tokens t, int from, LineReporter rep, boolean restoreLine) {
        boolean exist = false;
        int n = t.size();
        int i = from;
        Cmd cmd = null;
        int cmdIdx = -1;
        List<Integer> args = new ArrayList<>();
        for (; i < n; i++) {
            String w = t.get(i);
            if (cmd == null) {
                Cmd c = command(w);
                if (c != null) {
                    cmd = c;
                    cmdIdx = i;
                    continue;
                }
            }
            String g = w.startsWith("--") ? w.substring(1) : w;
            if (GLOBAL_FLAGS.contains(g)) {
                exist |= g.equals("-exist") || g.equals("-!");
                continue;
            }
            if (GLOBAL_WITH_VALUE.contains(g)) {
                i++;
                continue;
            }
            if (cmd == null) {
                rep.report(DiagnosticCode.UNEXPECTED_LINE, t.column(i), w.length(), "unknown ipset command '" + w + "'",
                        Suggest.didYouMean(w, COMMAND_WORDS) != null ? Suggest.didYouMean(w, COMMAND_WORDS)
                                : "commands are create, add, del, flush, destroy, rename, swap");
                return Outcome.FAILED;
            }
            args.add(i);
        }
        if (cmd == null) {
            return Outcome.NO_COMMAND;
        }
        if (restoreLine && (cmd == Cmd.LIST || cmd == Cmd.SAVE || cmd == Cmd.RESTORE || cmd == Cmd.VERSION
                || cmd == Cmd.HELP)) {
            rep.report(DiagnosticCode.UNSUPPORTED_COMMAND, t.column(cmdIdx), t.get(cmdIdx).length(),
                    "'" + t.get(cmdIdx) + "' cannot be used inside an ipset restore file", null);
            return Outcome.FAILED;
        }
        Run r = new Run(t, cmdIdx, args, rep, exist);
        return switch (cmd) {
            case CREATE -> r.create();
            case ADD, DEL, TEST -> r.element(cmd);
            case DESTROY, FLUSH -> r.oneOrAll(cmd);
            case RENAME, SWAP -> r.two(cmd);
            default -> Outcome.NO_CHANGE;
        };
    }

    private final class Run {
        final Tokens t;
        final int cmdIdx;
        final List<Integer> args;
        final LineReporter rep;
        final boolean exist;

        Run(Tokens t, int cmdIdx, List<Integer> args, LineReporter rep, boolean exist) {
            this.t = t;
            this.cmdIdx = cmdIdx;
            this.args = args;
            this.rep = rep;
            this.exist = exist;
        }

        String arg(int k) {
            return t.get(args.get(k));
        }

        int col(int k) {
            return t.column(args.get(k));
        }

        void error(DiagnosticCode code, int k, String msg, String hint) {
            if (k >= args.size()) {
                int last = args.isEmpty() ? cmdIdx : args.get(args.size() - 1);
                rep.report(code, t.column(last) + t.get(last).length() + 1, 1, msg, hint);
            } else {
                rep.report(code, col(k), arg(k).length(), msg, hint);
            }
        }

        Outcome problem(IpSetsBuilder.Problem p, int k) {
            if (p == null) {
                return Outcome.APPLIED;
            }
            DiagnosticCode code = switch (p.kind()) {
                case UNKNOWN_SET -> DiagnosticCode.UNKNOWN_SET;
                case SET_EXISTS -> DiagnosticCode.SET_EXISTS;
                case ENTRY_EXISTS -> DiagnosticCode.SET_ENTRY_EXISTS;
                case ENTRY_MISSING -> DiagnosticCode.SET_ENTRY_MISSING;
                case SET_IN_USE -> DiagnosticCode.SET_IN_USE;
                case SET_FULL -> DiagnosticCode.SET_FULL;
                case INCOMPATIBLE -> DiagnosticCode.SET_INCOMPATIBLE;
            };
            error(code, k, p.message(), p.hint());
            return Outcome.FAILED;
        }

        boolean name(int k) {
            if (k >= args.size()) {
                error(DiagnosticCode.MISSING_ARGUMENT, k, "'" + t.get(cmdIdx) + "' needs a set name", null);
                return false;
            }
            String s = arg(k);
            if (s.length() > IpSet.MAX_NAME) {
                error(DiagnosticCode.INVALID_VALUE, k, "set name '" + s + "' is longer than " + IpSet.MAX_NAME
                        + " characters", null);
                return false;
            }
            return true;
        }

        Outcome create() {
            if (!name(0)) {
                return Outcome.FAILED;
            }
            if (args.size() < 2) {
                error(DiagnosticCode.MISSING_ARGUMENT, 1, "'create' needs a set type after the name",
                        "e.g. ipset create " + arg(0) + " hash:ip");
                return Outcome.FAILED;
            }
            String typeName = arg(1);
            IpSetType type = IpSetType.known(typeName).orElse(null);
            if (type == null) {
                if (!plausibleType(typeName)) {
                    String close = Suggest.closest(typeName, IpSetType.knownNames());
                    error(DiagnosticCode.UNKNOWN_SET_TYPE, 1, "unknown set type '" + typeName + "'",
                            close != null ? "did you mean '" + close + "'?"
                                    : "known types: " + String.join(", ", IpSetType.knownNames()));
                    return Outcome.FAILED;
                }
                error(DiagnosticCode.UNKNOWN_SET_TYPE_KEPT, 1, "set type '" + typeName + "' is not modelled by Rampart;"
                        + " its elements are kept as text", null);
                type = IpSetType.unknown(typeName);
            }
            IpSetOptions o = createOptions(type);
            if (o == null) {
                return Outcome.FAILED;
            }
            return problem(builder.create(arg(0), type, o, exist, new SourcePos(rep.line(), t.column(cmdIdx))), 0);
        }

        boolean plausibleType(String s) {
            int c = s.indexOf(':');
            if (c < 0 || !Set.of("hash", "bitmap", "list").contains(s.substring(0, c))) {
                return false;
            }
            for (String d : s.substring(c + 1).split(",", -1)) {
                if (!Set.of("ip", "net", "port", "mac", "iface", "mark", "set").contains(d)) {
                    return false;
                }
            }
            return true;
        }

        Set<String> allowedCreate(IpSetType type) {
            Set<String> s = new LinkedHashSet<>(List.of("timeout", "counters", "comment", "skbinfo"));
            switch (type.method()) {
                case HASH -> {
                    if (type.hasFamily()) {
                        s.addAll(List.of("family", "-4", "-6"));
                    }
                    s.addAll(List.of("hashsize", "maxelem", "bucketsize", "initval", "forceadd"));
                    if (type.supportsNetmask()) {
                        s.addAll(List.of("netmask", "bitmask"));
                    }
                    if (type.name().equals("hash:ip,mark")) {
                        s.add("markmask");
                    }
                }
                case BITMAP -> {
                    s.add("range");
                    if (type.supportsNetmask()) {
                        s.add("netmask");
                    }
                }
                case LIST -> s.add("size");
                case UNKNOWN -> s.addAll(ALL_CREATE);
            }
            return s;
        }

        static final List<String> ALL_CREATE = List.of("family", "-4", "-6", "hashsize", "maxelem", "bucketsize",
                "initval", "forceadd", "netmask", "bitmask", "markmask", "range", "size", "timeout", "counters",
                "comment", "skbinfo");

        /** Reads a number option value at arg {@code k}; null after reporting when invalid. */
        Long number(int k, String opt, long min, long max) {
            if (k >= args.size()) {
                error(DiagnosticCode.MISSING_ARGUMENT, k, "'" + opt + "' needs a value", null);
                return null;
            }
            long v = Values.parseUnsigned(arg(k));
            if (v < 0 || v < min || v > max) {
                error(DiagnosticCode.INVALID_VALUE, k, "invalid value '" + arg(k) + "' for '" + opt + "'; expected a number from "
                        + min + " to " + max, null);
                return null;
            }
            return v;
        }

        IpSetOptions createOptions(IpSetType type) {
            IpSetOptions.Builder b = new IpSetOptions.Builder();
            Set<String> allowed = allowedCreate(type);
            int netmaskArg = -1;
            String bitmaskText = null;
            int bitmaskArg = -1;
            int rangeArg = -1;
            for (int k = 2; k < args.size(); k++) {
                String w = arg(k);
                String opt = w.startsWith("--") ? w.substring(2) : w;
                if (!allowed.contains(opt)) {
                    if (ALL_CREATE.contains(opt)) {
                        error(DiagnosticCode.UNKNOWN_OPTION, k, "'" + opt + "' cannot be used with " + type.name()
                                + " sets", "options of " + type.name() + ": " + String.join(" ", allowed.stream()
                                .filter(x -> !x.startsWith("-")).toList()));
                    } else {
                        error(DiagnosticCode.UNKNOWN_OPTION, k, "unknown create option '" + w + "'",
                                Suggest.didYouMean(opt, allowed));
                    }
                    return null;
                }
                switch (opt) {
                    case "-4" -> b.family = Family.IPV4;
                    case "-6" -> b.family = Family.IPV6;
                    case "family" -> {
                        k++;
                        if (k >= args.size()) {
                            error(DiagnosticCode.MISSING_ARGUMENT, k, "'family' needs 'inet' or 'inet6'", null);
                            return null;
                        }
                        switch (arg(k)) {
                            case "inet", "ipv4" -> b.family = Family.IPV4;
                            case "inet6", "ipv6" -> b.family = Family.IPV6;
                            default -> {
                                error(DiagnosticCode.INVALID_VALUE, k, "invalid family '" + arg(k) + "'",
                                        "use 'inet' (IPv4) or 'inet6' (IPv6)");
                                return null;
                            }
                        }
                    }
                    case "hashsize" -> {
                        if ((b.hashsize = number(++k, opt, 1, 0xFFFFFFFFL)) == null) {
                            return null;
                        }
                    }
                    case "maxelem" -> {
                        if ((b.maxelem = number(++k, opt, 1, 0xFFFFFFFFL)) == null) {
                            return null;
                        }
                    }
                    case "bucketsize" -> {
                        if ((b.bucketsize = number(++k, opt, 2, 12)) == null) {
                            return null;
                        }
                    }
                    case "initval" -> {
                        if ((b.initval = number(++k, opt, 0, 0xFFFFFFFFL)) == null) {
                            return null;
                        }
                    }
                    case "markmask" -> {
                        if ((b.markmask = number(++k, opt, 1, 0xFFFFFFFFL)) == null) {
                            return null;
                        }
                    }
                    case "size" -> {
                        if ((b.size = number(++k, opt, 1, 0xFFFFFFFFL)) == null) {
                            return null;
                        }
                    }
                    case "timeout" -> {
                        if ((b.timeout = number(++k, opt, 0, MAX_TIMEOUT)) == null) {
                            return null;
                        }
                    }
                    case "netmask" -> {
                        netmaskArg = ++k;
                        if (number(k, opt, 1, 128) == null) {
                            return null;
                        }
                    }
                    case "bitmask" -> {
                        bitmaskArg = ++k;
                        if (k >= args.size()) {
                            error(DiagnosticCode.MISSING_ARGUMENT, k, "'bitmask' needs an address mask", null);
                            return null;
                        }
                        bitmaskText = arg(k);
                    }
                    case "range" -> {
                        rangeArg = ++k;
                        if (k >= args.size()) {
                            error(DiagnosticCode.MISSING_ARGUMENT, k, "'range' needs a value",
                                    type.name().equals("bitmap:port") ? "e.g. range 1-1024" : "e.g. range 192.0.2.0/24");
                            return null;
                        }
                    }
                    case "counters" -> b.counters = true;
                    case "comment" -> b.comment = true;
                    case "skbinfo" -> b.skbinfo = true;
                    case "forceadd" -> b.forceadd = true;
                    default -> throw new IllegalStateException(opt);
                }
            }
            Family f = b.family != null ? b.family : Family.IPV4;
            if (netmaskArg >= 0) {
                long v = Values.parseUnsigned(arg(netmaskArg));
                if (v > f.bits()) {
                    error(DiagnosticCode.INVALID_VALUE, netmaskArg, "netmask " + v + " is too long for family "
                            + (f == Family.IPV4 ? "inet (at most 32)" : "inet6"), null);
                    return null;
                }
                b.netmask = (int) v;
            }
            if (bitmaskText != null) {
                IpPrefix p = IpText.parsePrefix(f, bitmaskText);
                if (p == null || bitmaskText.contains("/")) {
                    error(DiagnosticCode.INVALID_VALUE, bitmaskArg, "invalid bitmask '" + bitmaskText + "'",
                            "write it as an address mask, e.g. 255.255.0.255");
                    return null;
                }
                if (b.netmask != null) {
                    error(DiagnosticCode.INVALID_VALUE, bitmaskArg, "'bitmask' and 'netmask' cannot be used together",
                            null);
                    return null;
                }
                b.bitmask = p;
            }
            if (type.method() == IpSetType.Method.BITMAP) {
                if (rangeArg < 0) {
                    error(DiagnosticCode.MISSING_ARGUMENT, args.size(), type.name() + " sets need a 'range'",
                            type.name().equals("bitmap:port") ? "e.g. range 1-1024" : "e.g. range 192.0.2.0/24");
                    return null;
                }
                String r = arg(rangeArg);
                if (type.name().equals("bitmap:port")) {
                    int dash = r.indexOf('-');
                    long a = Values.parseUnsigned(dash < 0 ? r : r.substring(0, dash));
                    long z = dash < 0 ? a : Values.parseUnsigned(r.substring(dash + 1));
                    if (dash < 0 || a < 0 || z < 0 || a > 65535 || z > 65535 || a > z) {
                        error(DiagnosticCode.INVALID_VALUE, rangeArg, "invalid port range '" + r + "'",
                                "write it as FROM-TO, e.g. 1-1024");
                        return null;
                    }
                    b.portRange = new PortRange((int) a, (int) z);
                } else {
                    Ipv4Range range = ipv4Range(r);
                    if (range == null) {
                        error(DiagnosticCode.INVALID_VALUE, rangeArg, "invalid IPv4 range '" + r + "'",
                                "write it as FROM-TO or as a network, e.g. 192.0.2.0/24");
                        return null;
                    }
                    if (range.size() > 65536) {
                        error(DiagnosticCode.INVALID_VALUE, rangeArg, "range '" + r + "' holds " + range.size()
                                + " addresses; a bitmap set holds at most 65536", "use a hash:ip set instead");
                        return null;
                    }
                    b.range = range;
                }
            }
            return b.build();
        }

        Outcome element(Cmd cmd) {
            if (!name(0)) {
                return Outcome.FAILED;
            }
            String set = arg(0);
            if (args.size() < 2) {
                error(DiagnosticCode.MISSING_ARGUMENT, 1, "'" + t.get(cmdIdx) + "' needs an element after the set name",
                        null);
                return Outcome.FAILED;
            }
            IpSetType type = builder.type(set);
            if (type == null) {
                return problem(builder.add(set, List.of(), EntryOptions.NONE, false, null, null), 0);
            }
            IpSetOptions so = builder.options(set);
            List<List<EntryPart>> elements;
            try {
                elements = ElementParser.parse(type, so, arg(1));
            } catch (IpSetSyntaxException e) {
                rep.report(DiagnosticCode.INVALID_SET_ELEMENT, col(1) + e.offset(), e.width(),
                        e.getMessage() + " (set '" + set + "' is " + type.name() + ")", e.hint());
                return Outcome.FAILED;
            }
            EntryOptions.Builder eb = new EntryOptions.Builder();
            String before = null;
            String after = null;
            for (int k = 2; k < args.size(); k++) {
                String w = arg(k);
                String opt = w.startsWith("--") ? w.substring(2) : w;
                switch (opt) {
                    case "timeout" -> {
                        if (!so.hasTimeout()) {
                            return notEnabled(k, "timeout", set);
                        }
                        if ((eb.timeout = number(++k, opt, 0, MAX_TIMEOUT)) == null) {
                            return Outcome.FAILED;
                        }
                    }
                    case "packets", "bytes" -> {
                        if (!so.counters()) {
                            return notEnabled(k, "counters", set);
                        }
                        Long v = number(++k, opt, 0, Long.MAX_VALUE);
                        if (v == null) {
                            return Outcome.FAILED;
                        }
                        if (opt.equals("packets")) {
                            eb.packets = v;
                        } else {
                            eb.bytes = v;
                        }
                    }
                    case "comment" -> {
                        if (!so.comment()) {
                            return notEnabled(k, "comment", set);
                        }
                        k++;
                        if (k >= args.size()) {
                            error(DiagnosticCode.MISSING_ARGUMENT, k, "'comment' needs a text", "e.g. comment \"why\"");
                            return Outcome.FAILED;
                        }
                        String c = arg(k);
                        if (c.indexOf('"') >= 0) {
                            error(DiagnosticCode.INVALID_VALUE, k, "'\"' is not allowed in comments", null);
                            return Outcome.FAILED;
                        }
                        if (c.length() > EntryOptions.MAX_COMMENT) {
                            error(DiagnosticCode.INVALID_VALUE, k, "comment is longer than " + EntryOptions.MAX_COMMENT
                                    + " characters", null);
                            return Outcome.FAILED;
                        }
                        eb.comment = c;
                    }
                    case "nomatch" -> {
                        if (!type.supportsNomatch() && type.isKnown()) {
                            error(DiagnosticCode.UNKNOWN_OPTION, k, "'nomatch' cannot be used with " + type.name()
                                    + " sets", "nomatch needs a set type with a net dimension, e.g. hash:net");
                            return Outcome.FAILED;
                        }
                        eb.nomatch = true;
                    }
                    case "skbmark" -> {
                        if (!so.skbinfo()) {
                            return notEnabled(k, "skbinfo", set);
                        }
                        k++;
                        String v = k < args.size() ? arg(k) : "";
                        int slash = v.indexOf('/');
                        long m = Values.parseUnsigned(slash < 0 ? v : v.substring(0, slash));
                        long mask = slash < 0 ? 0xFFFFFFFFL : Values.parseUnsigned(v.substring(slash + 1));
                        if (m < 0 || m > 0xFFFFFFFFL || mask < 0 || mask > 0xFFFFFFFFL) {
                            error(DiagnosticCode.INVALID_VALUE, k, "invalid skbmark '" + v + "'", "write MARK[/MASK],"
                                    + " e.g. 0x10/0xff");
                            return Outcome.FAILED;
                        }
                        eb.skbmark = m;
                        eb.skbmarkMask = mask;
                    }
                    case "skbprio" -> {
                        if (!so.skbinfo()) {
                            return notEnabled(k, "skbinfo", set);
                        }
                        k++;
                        String v = k < args.size() ? arg(k) : "";
                        int colon = v.indexOf(':');
                        long maj = colon < 0 ? -1 : parseHex(v.substring(0, colon));
                        long min = colon < 0 ? -1 : parseHex(v.substring(colon + 1));
                        if (maj < 0 || min < 0 || maj > 0xFFFF || min > 0xFFFF) {
                            error(DiagnosticCode.INVALID_VALUE, k, "invalid skbprio '" + v + "'",
                                    "write MAJOR:MINOR in hex, e.g. 1:10");
                            return Outcome.FAILED;
                        }
                        eb.skbprio = (maj << 16) | min;
                    }
                    case "skbqueue" -> {
                        if (!so.skbinfo()) {
                            return notEnabled(k, "skbinfo", set);
                        }
                        if ((eb.skbqueue = number(++k, opt, 0, 0xFFFF)) == null) {
                            return Outcome.FAILED;
                        }
                    }
                    case "before", "after" -> {
                        if (type.method() != IpSetType.Method.LIST) {
                            error(DiagnosticCode.UNKNOWN_OPTION, k, "'" + opt + "' can only be used with list:set sets",
                                    null);
                            return Outcome.FAILED;
                        }
                        k++;
                        if (k >= args.size()) {
                            error(DiagnosticCode.MISSING_ARGUMENT, k, "'" + opt + "' needs a set name", null);
                            return Outcome.FAILED;
                        }
                        if (opt.equals("before")) {
                            before = arg(k);
                        } else {
                            after = arg(k);
                        }
                    }
                    default -> {
                        error(DiagnosticCode.UNKNOWN_OPTION, k, "unknown element option '" + w + "'", Suggest.didYouMean(
                                opt, List.of("timeout", "nomatch", "packets", "bytes", "comment", "skbmark", "skbprio",
                                        "skbqueue", "before", "after")));
                        return Outcome.FAILED;
                    }
                }
            }
            return switch (cmd) {
                case ADD -> problem(builder.add(set, elements, eb.build(), exist, before, after), 1);
                case DEL -> problem(builder.del(set, elements, exist), 1);
                default -> Outcome.NO_CHANGE;
            };
        }

        Outcome notEnabled(int k, String feature, String set) {
            error(DiagnosticCode.INVALID_VALUE, k, "'" + arg(k) + "' cannot be used: set '" + set
                    + "' was created without '" + feature + "'", "add '" + (feature.equals("timeout") ? "timeout 0"
                    : feature) + "' to 'ipset create " + set + " ...'");
            return Outcome.FAILED;
        }

        Outcome oneOrAll(Cmd cmd) {
            String name = args.isEmpty() ? null : arg(0);
            if (args.size() > 1) {
                error(DiagnosticCode.TOO_MANY_ARGUMENTS, 1, "unexpected argument '" + arg(1) + "'", null);
                return Outcome.FAILED;
            }
            return problem(cmd == Cmd.FLUSH ? builder.flush(name) : builder.destroy(name), 0);
        }

        Outcome two(Cmd cmd) {
            if (args.size() < 2) {
                error(DiagnosticCode.MISSING_ARGUMENT, args.size(), "'" + t.get(cmdIdx) + "' needs two set names", null);
                return Outcome.FAILED;
            }
            if (!name(1)) {
                return Outcome.FAILED;
            }
            return problem(cmd == Cmd.RENAME ? builder.rename(arg(0), arg(1)) : builder.swap(arg(0), arg(1)),
                    cmd == Cmd.RENAME ? 1 : 0);
        }
    }

    /** Longest timeout ipset accepts, in seconds (UINT_MAX / 1000). */
    static final long MAX_TIMEOUT = 2147483;

    private static long parseHex(String s) {
        if (s.isEmpty() || s.length() > 8) {
            return -1;
        }
        try {
            return Long.parseLong(s, 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** {@code a-b} or {@code a/len} as IPv4; null when invalid. */
    static Ipv4Range ipv4Range(String r) {
        int dash = r.indexOf('-');
        if (dash >= 0) {
            long a = IpText.parseIpv4(r.substring(0, dash));
            long z = IpText.parseIpv4(r.substring(dash + 1));
            return a < 0 || z < 0 || a > z ? null : new Ipv4Range(a, z);
        }
        IpPrefix p = IpText.parsePrefix(Family.IPV4, r);
        if (p == null || !p.isContiguous()) {
            return null;
        }
        return new Ipv4Range(p.lo(), p.lo() | (~p.maskLo() & 0xFFFFFFFFL));
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
