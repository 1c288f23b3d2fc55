package dev.rampart.model.parse;

import dev.rampart.model.Counters;
import dev.rampart.model.Family;
import dev.rampart.model.Rule;
import dev.rampart.model.Ruleset;
import dev.rampart.model.RulesetBuilder;
import dev.rampart.model.SourcePos;
import dev.rampart.model.TableName;
import dev.rampart.model.diag.DiagnosticCode;
import dev.rampart.model.diag.Diagnostics;
import dev.rampart.model.diag.Suggest;
import java.util.Arrays;
import java.util.List;

/**
 * Reads {@code iptables-save} / {@code iptables-restore} input exactly as iptables-restore does:
 * {@code *table} ... {@code COMMIT} blocks, {@code :CHAIN POLICY [p:b]} declarations, commands
 * ({@code -A -I -D -R -N -X -F -Z -P -E}) with optional {@code [p:b]} counter prefixes, {@code #}
 * comments. It also copes with what real files contain: CRLF endings, prose or shell prompts before the
 * first table, built-in chains used without a declaration, truncated files. Every problem becomes a
 * diagnostic with line and column; parsing continues with the next line.
 */
public final class RestoreParser {
    private final Family family;
    private final java.util.Set<String> knownIpSets;
    private final Deferral deferral;

    /** A reader of {@code family} rulesets; ipset references are not checked. */
    public RestoreParser(Family family) {
        this(family, null, null);
    }

    private RestoreParser(Family family, java.util.Set<String> knownIpSets, Deferral deferral) {
        this.family = family;
        this.knownIpSets = knownIpSets;
        this.deferral = deferral;
    }

    /** This reader, checking that every ipset a rule names is one of {@code names} (null: no check). */
    public RestoreParser withKnownIpSets(java.util.Set<String> names) {
        return new RestoreParser(family, names, deferral);
    }

    /**
     * Which chains' {@code -A} lines are left unread: the chains are declared, their rules are not
     * parsed (nor checked) and they come out empty. For a caller that needs only some chains of a big
     * ruleset and reads more when a packet reaches a left-out chain (apply's lock-out check).
     */
    @FunctionalInterface
    public interface Deferral {
        /** Whether the rules of user chain {@code chain} of {@code table} are left unread. */
        boolean defers(TableName table, String chain);
    }

    /**
     * This reader, leaving the rules of the user chains {@code deferral} names unread (built-in chains
     * are always read). Commands that edit rules other than appending ({@code -I -D -R -F -X -E -Z})
     * in a table with a left-out chain make the result {@link Result#complete() incomplete}.
     */
    public RestoreParser deferring(Deferral deferral) {
        return new RestoreParser(family, knownIpSets, deferral);
    }

    /**
     * The parsed ruleset and the diagnostics found while reading it; {@code deferredRules} counts the
     * {@code -A} lines left unread ({@link #deferring}), and {@code complete} is false when an edit
     * command may have acted on a chain whose rules were left out, so the ruleset cannot stand for the
     * file's without the left-out rules.
     */
    public record Result(Ruleset ruleset, Diagnostics diagnostics, int deferredRules, boolean complete) {
        public Result(Ruleset ruleset, Diagnostics diagnostics) {
            this(ruleset, diagnostics, 0, true);
        }
    }

    /** Parses {@code text}, naming it {@code file} in diagnostics. */
    public Result parse(String text, String file) {
        Diagnostics diags = new Diagnostics(file);
        RulesetBuilder builder = new RulesetBuilder(family);
        Run run = new Run(text, builder, new LineReporter(diags));
        run.run();
        return new Result(builder.build(), diags, run.deferredRules, !run.editedDeferredTable);
    }

    private final class Run {
        final String text;
        final RulesetBuilder builder;
        final LineReporter rep;
        final RuleParser ruleParser = new RuleParser(family).withKnownIpSets(knownIpSets);
        final CommandRunner commands;
        final Tokens tokens = new Tokens();
        TableName table;
        int tableLine;
        String tableText;
        boolean seenTable;
        boolean crlfReported;
        int skippedStart = -1;
        int skippedCount;
        String skippedText;
        ChainLookup lookup;
        /** Consecutive "-A" lines not parsed yet: parsed together, in parallel when many. */
        PendingLines batch = new PendingLines(256);
        /** Chunks of "-A" lines being parsed by workers, in line order. */
        final java.util.List<java.util.concurrent.CompletableFuture<Appended>> inFlight = new java.util.ArrayList<>();
        /** "-A" lines left unread ({@link #deferral}). */
        int deferredRules;
        /** Whether a table had a chain left out and an edit command other than -A, -N, -P. */
        boolean editedDeferredTable;
        /** Tables in which some chain's rules were left out. */
        final java.util.EnumSet<TableName> deferredTables = java.util.EnumSet.noneOf(TableName.class);
        /** Tables with an edit command other than -A, -N, -P. */
        final java.util.EnumSet<TableName> editedTables = java.util.EnumSet.noneOf(TableName.class);
        /** The chain of the last "-A" line the deferral looked at, and its answer (runs of one chain). */
        String lastAppendChain;
        TableName lastAppendTable;
        boolean lastDeferred;

        Run(String text, RulesetBuilder builder, LineReporter rep) {
            this.text = text;
            this.builder = builder;
            this.rep = rep;
            this.commands = new CommandRunner(ruleParser, builder, false);
        }

        void run() {
            int len = text.length();
            int pos = 0;
            int lineNo = 0;
            if (len > 0 && text.charAt(0) == '\uFEFF') {
                pos = 1;
            }
            while (pos < len) {
                int nl = text.indexOf('\n', pos);
                int end = nl < 0 ? len : nl;
                lineNo++;
                int contentEnd = end;
                if (contentEnd > pos && text.charAt(contentEnd - 1) == '\r') {
                    contentEnd--;
                    if (!crlfReported) {
                        crlfReported = true;
                        rep.at(lineNo, text.substring(pos, contentEnd));
                        rep.report(DiagnosticCode.CRLF_LINE_ENDINGS, contentEnd - pos + 1, 1,
                                "file has Windows (CRLF) line endings; iptables-restore would reject them",
                                "convert with 'dos2unix' (Rampart reads it as if converted)");
                    }
                }
                int first = pos;
                while (first < contentEnd && (text.charAt(first) == ' ' || text.charAt(first) == '\t')) {
                    first++;
                }
                if (table != null && first < contentEnd && isAppend(text, first, contentEnd)) {
                    if (deferral != null && deferred(first, contentEnd)) {
                        deferredRules++;
                    } else {
                        // most lines of big files: kept as offsets, parsed later in batches
                        batch.add(lineNo, pos, first, contentEnd);
                        maybeSubmitChunk();
                    }
                } else if (table != null && first < contentEnd && text.charAt(first) == ':'
                        && simpleDeclaration(lineNo, pos, first, contentEnd)) {
                    // a plain ":NAME POLICY [p:b]" line, read without copying it
                } else {
                    line(lineNo, text.substring(pos, contentEnd));
                }
                pos = end + 1;
            }
            flushBatch();
            flushSkipped();
            for (TableName t : editedTables) {
                editedDeferredTable |= deferredTables.contains(t);
            }
            if (table != null) {
                rep.at(tableLine, tableText);
                rep.report(DiagnosticCode.TABLE_NOT_COMMITTED, 1, tableText.length(),
                        "table '" + table.id() + "' is never committed; the file may be truncated"
                                + " (iptables-restore would not apply this table)",
                        "end the table with a 'COMMIT' line");
            }
        }

        /**
         * Whether the "-A" line at {@code [first, end)} appends to a chain the deferral leaves out
         * (built-in chains never are). The chain name is compared in place with the previous line's.
         */
        boolean deferred(int first, int end) {
            int i = first;
            if (text.charAt(i) == '[') {
                i = text.indexOf(']', i) + 1;
                while (i < end && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
                    i++;
                }
            }
            i += 2;
            while (i < end && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
                i++;
            }
            int nameEnd = i;
            while (nameEnd < end && text.charAt(nameEnd) != ' ' && text.charAt(nameEnd) != '\t') {
                nameEnd++;
            }
            if (nameEnd == i) {
                return false; // "-A" without a chain: parsed, so that it is reported
            }
            if (lastAppendChain == null || lastAppendTable != table || lastAppendChain.length() != nameEnd - i
                    || !text.regionMatches(i, lastAppendChain, 0, nameEnd - i)) {
                lastAppendChain = text.substring(i, nameEnd);
                lastAppendTable = table;
                lastDeferred = !table.builtinChains().contains(lastAppendChain)
                        && deferral.defers(table, lastAppendChain);
                if (lastDeferred) {
                    deferredTables.add(table);
                }
            }
            return lastDeferred;
        }

        void flushSkipped() {
            if (skippedCount > 0) {
                rep.at(skippedStart, skippedText);
                rep.report(DiagnosticCode.SKIPPED_TEXT, 1, skippedText.length(), skippedCount == 1
                                ? "skipped a line that is not iptables-save output"
                                : "skipped " + skippedCount + " lines that are not iptables-save output (lines "
                                + skippedStart + "-" + (skippedStart + skippedCount - 1) + ")",
                        null);
                skippedCount = 0;
            }
        }

        void line(int lineNo, String line) {
            int start = 0;
            int n = line.length();
            while (start < n && (line.charAt(start) == ' ' || line.charAt(start) == '\t')) {
                start++;
            }
            if (start == n || line.charAt(start) == '#') {
                return;
            }
            char c = line.charAt(start);
            flushBatch();
            rep.at(lineNo, line);
            if (c == '*') {
                flushSkipped();
                startTable(line, start);
                return;
            }
            if (table == null) {
                if (!seenTable || !(c == ':' || c == '-' || c == '[' || line.startsWith("COMMIT", start))) {
                    // prose, shell prompts or command output around the dump
                    if (skippedCount == 0) {
                        skippedStart = lineNo;
                        skippedText = line;
                    }
                    skippedCount++;
                    return;
                }
                rep.report(DiagnosticCode.OUTSIDE_TABLE, start + 1, n - start,
                        "line is outside a table (no '*table' line before it, or after COMMIT)",
                        "start the table with a line like '*filter'");
                return;
            }
            flushSkipped();
            if (c == ':') {
                chainDeclaration(line, start);
                return;
            }
            if (line.startsWith("COMMIT", start) && line.substring(start).trim().equals("COMMIT")) {
                table = null;
                return;
            }
            Counters counters = null;
            int from = start;
            if (c == '[') {
                CounterPrefix px = counterPrefix(line, start, line.length(), 0, rep);
                if (px == null) {
                    return;
                }
                counters = px.counters();
                from = px.next();
            }
            if (!tokenize(line, from, line.length(), 0, tokens, rep)) {
                return;
            }
            if (tokens.size() == 0) {
                return;
            }
            String first = tokens.get(0);
            if (deferral != null && !(first.equals("-A") || first.equals("-N") || first.equals("-P"))) {
                // an edit (-I -D -R -F -X -E -Z) may act on rules left unread: with deferred chains in
                // this table (now or later in the file) the result cannot stand for the file
                editedTables.add(table);
            }
            CommandRunner.Outcome o = commands.run(tokens, 0, table, counters, rep);
            if (o == CommandRunner.Outcome.NO_COMMAND) {
                rep.report(DiagnosticCode.UNEXPECTED_LINE, tokens.column(0), first.length(),
                        "expected a command such as '-A CHAIN', a chain line ':CHAIN' or 'COMMIT'", null);
            }
        }

        /** Parses the pending "-A" lines and appends their rules in order. */
        /**
         * Hands the pending lines to a worker thread once there are {@link #CHUNK} of them, so that
         * parsing overlaps with reading the rest of the file. Safe because the builder is only read
         * while chunks are in flight: every line that changes it first calls {@link #flushBatch()}.
         */
        void maybeSubmitChunk() {
            if (batch.size() >= CHUNK && workerCount() > 1) {
                PendingLines chunk = batch;
                String file = rep.diagnostics().file();
                inFlight.add(java.util.concurrent.CompletableFuture.supplyAsync(
                        () -> parseAppends(chunk, 0, chunk.size(), file), WORKERS));
                batch = new PendingLines(CHUNK);
            }
        }

        int workerCount() {
            return dev.rampart.model.Workers.parallelism();
        }

        /** Parses every pending line (in flight or not) and appends the rules in line order. */
        void flushBatch() {
            if (batch.isEmpty() && inFlight.isEmpty()) {
                return;
            }
            int n = batch.size();
            int workers = n + inFlight.size() * CHUNK < PARALLEL_THRESHOLD ? 1 : workerCount();
            String file = rep.diagnostics().file();
            if (workers <= 1 && inFlight.isEmpty()) {
                apply(parseAppends(batch, 0, n, file));
            } else {
                PendingLines rest = batch;
                int parts = n < PARALLEL_THRESHOLD ? 1 : workers;
                for (int w = 0; w < parts; w++) {
                    int from = (int) ((long) n * w / parts);
                    int to = (int) ((long) n * (w + 1) / parts);
                    inFlight.add(java.util.concurrent.CompletableFuture.supplyAsync(
                            () -> parseAppends(rest, from, to, file), WORKERS));
                }
                for (var f : inFlight) {
                    apply(f.join());
                }
                inFlight.clear();
            }
            batch.clear(); // every line of it is parsed and applied: the list can be refilled
        }

        void apply(Appended a) {
            for (dev.rampart.model.diag.Diagnostic d : a.diagnostics().all()) {
                rep.diagnostics().add(d);
            }
            // rules come in runs for one chain (the same string): each run is added at once, so the
            // chain's list grows once instead of step by step
            List<String> chains = a.chains();
            int n = chains.size();
            for (int from = 0, to; from < n; from = to) {
                String chain = chains.get(from);
                to = from + 1;
                while (to < n && chains.get(to) == chain) {
                    to++;
                }
                builder.reserve(table, chain, to - from);
                for (int k = from; k < to; k++) {
                    builder.append(table, chain, a.rules().get(k));
                }
            }
        }

        /** Parses pending lines {@code from..to-1}; safe to run on several threads (reads the builder only). */
        Appended parseAppends(PendingLines lines, int from, int to, String file) {
            Diagnostics diags = new Diagnostics(file);
            LineReporter lr = new LineReporter(diags);
            Tokens toks = new Tokens();
            RuleParser parser = new RuleParser(family).withKnownIpSets(knownIpSets);
            java.util.ArrayList<String> chains = new java.util.ArrayList<>(to - from);
            java.util.ArrayList<Rule> rules = new java.util.ArrayList<>(to - from);
            String lastChain = null;
            for (int i = from; i < to; i++) {
                int lineStart = lines.lineStart(i);
                int end = lines.end(i);
                lr.at(lines.lineNo(i), text, lineStart, end);
                String line = text;
                int start = lines.start(i);
                Counters counters = null;
                int begin = start;
                if (line.charAt(start) == '[') {
                    CounterPrefix px = counterPrefix(line, start, end, lineStart, lr);
                    if (px == null) {
                        continue;
                    }
                    counters = px.counters();
                    begin = px.next();
                }
                if (!tokenize(line, begin, end, lineStart, toks, lr)) {
                    continue;
                }
                if (toks.size() < 2) {
                    lr.report(DiagnosticCode.MISSING_ARGUMENT, toks.column(0), 2, "-A needs a chain name", null);
                    continue;
                }
                // consecutive lines mostly name the same chain: compare in place before copying the name
                String chain = lastChain != null && toks.is(1, lastChain) ? lastChain
                        : builder.find(table, toks.textOf(1), toks.start(1), toks.end(1));
                if (chain == null) {
                    String name = toks.get(1);
                    lr.report(DiagnosticCode.UNKNOWN_CHAIN, toks.column(1), name.length(),
                            "chain '" + name + "' does not exist in table '" + table.id() + "'", undeclaredHint(name));
                    continue;
                }
                lastChain = chain;
                int before = rules.size();
                parser.parseInto(toks, 2, table, chain, lookup, counters, lr, rules);
                for (int k = before, n = rules.size(); k < n; k++) {
                    chains.add(chain);
                }
            }
            return new Appended(chains, rules, diags);
        }

        String undeclaredHint(String chain) {
            String close = Suggest.closest(chain, builder.userChains(table));
            if (close != null) {
                return "did you mean '" + close + "'?";
            }
            for (TableName other : TableName.values()) {
                if (other.isBuiltin(chain)) {
                    return "'" + chain + "' is a built-in chain of table '" + other.id() + "', not of '" + table.id() + "'";
                }
            }
            return "declare it before use with ':" + chain + " - [0:0]'";
        }

        void startTable(String line, int start) {
            String name = line.substring(start + 1).trim();
            if (table != null) {
                rep.report(DiagnosticCode.TABLE_NOT_COMMITTED, 1, line.length(), "table '" + table.id()
                        + "' was not committed before '*" + name + "'", "add 'COMMIT' before this line");
            }
            TableName tn = TableName.byId(name).orElse(null);
            if (tn == null) {
                rep.report(DiagnosticCode.UNKNOWN_TABLE, start + 2, Math.max(1, name.length()),
                        "unknown table '" + name + "'", Suggest.didYouMean(name,
                                Arrays.stream(TableName.values()).map(TableName::id).toList()));
                table = null;
                seenTable = true;
                return;
            }
            builder.reset(tn);
            table = tn;
            tableLine = rep.line();
            tableText = line;
            seenTable = true;
            lookup = commands.lookup(tn);
        }

        /**
         * Reads {@code :NAME POLICY [p:b]} in place when it has that plain shape and is valid; returns
         * false (having changed nothing) for anything else, which then takes the general path that
         * reports problems precisely.
         */
        boolean simpleDeclaration(int lineNo, int lineStart, int first, int end) {
            int nameEnd = text.indexOf(' ', first + 1);
            if (nameEnd < 0 || nameEnd >= end || nameEnd == first + 1) {
                return false;
            }
            int polEnd = text.indexOf(' ', nameEnd + 1);
            if (polEnd < 0 || polEnd > end) {
                polEnd = end;
            }
            if (polEnd == nameEnd + 1) {
                return false;
            }
            Counters counters = null;
            if (polEnd < end) {
                int open = polEnd + 1;
                int colon = text.indexOf(':', open);
                int close = end - 1;
                if (text.charAt(open) != '[' || text.charAt(close) != ']' || colon < 0 || colon > close) {
                    return false;
                }
                long packets = digits(open + 1, colon);
                long bytes = digits(colon + 1, close);
                if (packets < 0 || bytes < 0) {
                    return false;
                }
                counters = packets == 0 && bytes == 0 ? Counters.ZERO : new Counters(packets, bytes);
            }
            for (int i = first + 1; i < nameEnd; i++) {
                char c = text.charAt(i);
                if (c == '"' || c == '\t') {
                    return false;
                }
            }
            int polLen = polEnd - nameEnd - 1;
            String policy = polLen == 1 && text.charAt(nameEnd + 1) == '-' ? "-"
                    : polLen == 6 && text.startsWith("ACCEPT", nameEnd + 1) ? "ACCEPT"
                    : polLen == 4 && text.startsWith("DROP", nameEnd + 1) ? "DROP" : null;
            if (policy == null) {
                return false;
            }
            String name = text.substring(first + 1, nameEnd);
            flushBatch();
            SourcePos pos = new SourcePos(lineNo, first - lineStart + 1);
            if (policy.equals("-") && !table.isBuiltin(name)) {
                // the common case, a new user chain: one map operation
                return builder.declareNewUserChain(table, name, counters, pos);
            }
            if (builder.exists(table, name) && !table.isBuiltin(name)) {
                return false;
            }
            rep.at(lineNo, text, lineStart, end);
            return builder.declare(table, name, policy, counters, pos) == null;
        }

        /** The decimal number in {@code text[from, to)}, or -1 when empty, not digits, or too long. */
        long digits(int from, int to) {
            if (from >= to || to - from > 18) {
                return -1;
            }
            long v = 0;
            for (int i = from; i < to; i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    return -1;
                }
                v = v * 10 + (c - '0');
            }
            return v;
        }

        void chainDeclaration(String line, int start) {
            RestoreTokenizer.Problem p = RestoreTokenizer.tokenize(line, start + 1, tokens);
            if (p != null || tokens.size() < 2) {
                rep.report(DiagnosticCode.UNEXPECTED_LINE, start + 1, line.length() - start,
                        "chain line needs a name and a policy: ':NAME POLICY [packets:bytes]'", null);
                return;
            }
            String name = tokens.get(0);
            String policy = tokens.get(1);
            Counters counters = null;
            if (tokens.size() >= 3) {
                counters = parseCounters(tokens.get(2));
                if (counters == null) {
                    rep.report(DiagnosticCode.INVALID_COUNTERS, tokens.column(2), tokens.get(2).length(),
                            "invalid counters; expected [packets:bytes]", null);
                    return;
                }
            }
            var problem = builder.declare(table, name, policy, counters, new SourcePos(rep.line(), start + 1));
            if (problem != null) {
                int col = problem.kind() == dev.rampart.model.RulesetBuilder.Problem.Kind.INVALID_POLICY
                        ? tokens.column(1) : tokens.column(0);
                int width = problem.kind() == dev.rampart.model.RulesetBuilder.Problem.Kind.INVALID_POLICY
                        ? policy.length() : name.length();
                rep.report(problem.kind() == dev.rampart.model.RulesetBuilder.Problem.Kind.INVALID_POLICY
                        ? DiagnosticCode.INVALID_POLICY : DiagnosticCode.INVALID_VALUE, col, width, problem.message(),
                        null);
            }
        }
    }

    /** Lines per chunk handed to a worker while the file is still being read. */
    static final int CHUNK = 16_384;

    /** Worker threads for parsing "-A" lines. */
    static final java.util.concurrent.ExecutorService WORKERS = dev.rampart.model.Workers.POOL;

    /** Batches of at least this many consecutive "-A" lines are parsed on several threads. */
    static final int PARALLEL_THRESHOLD = 20_000;

    /** Rules parsed from a run of "-A" lines, with the chain each goes to, and their diagnostics. */
    record Appended(java.util.List<String> chains, java.util.List<Rule> rules, Diagnostics diagnostics) {
    }

    /** Whether the line (from {@code start}) is {@code -A ...} or {@code [p:b] -A ...}. */
    static boolean isAppend(String text, int start, int end) {
        int i = start;
        if (text.charAt(i) == '[') {
            int close = text.indexOf(']', i);
            if (close < 0 || close >= end) {
                return false;
            }
            i = close + 1;
            while (i < end && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
                i++;
            }
        }
        return i + 2 <= end && text.startsWith("-A", i) && (i + 2 == end || text.charAt(i + 2) == ' '
                || text.charAt(i + 2) == '\t');
    }

    /** A {@code [packets:bytes]} line prefix: the counters and where the command after it starts. */
    record CounterPrefix(Counters counters, int next) {
    }

    /**
     * Reads the {@code [packets:bytes]} prefix at {@code text[start]} (inside {@code [start, end)}, a line
     * beginning at {@code lineStart}); reports it and returns null when it is malformed.
     */
    static CounterPrefix counterPrefix(String text, int start, int end, int lineStart, LineReporter rep) {
        int close = text.indexOf(']', start);
        Counters counters = close < 0 || close >= end ? null : parseCounters(text.substring(start, close + 1));
        if (counters == null) {
            rep.report(DiagnosticCode.INVALID_COUNTERS, start - lineStart + 1,
                    close < 0 || close >= end ? 1 : close - start + 1, "invalid counters; expected [packets:bytes]",
                    null);
            return null;
        }
        return new CounterPrefix(counters, close + 1);
    }

    /** Splits {@code text[from, end)} into {@code out}; reports and returns false when it cannot. */
    static boolean tokenize(String text, int from, int end, int lineStart, Tokens out, LineReporter rep) {
        RestoreTokenizer.Problem p = RestoreTokenizer.tokenize(text, from, end, lineStart, out);
        if (p == null) {
            return true;
        }
        rep.report(p.tooLong() ? DiagnosticCode.PARAMETER_TOO_LONG : p.tooMany()
                ? DiagnosticCode.TOO_MANY_ARGUMENTS : DiagnosticCode.UNTERMINATED_QUOTE, p.column(), 1, p.message(), null);
        return false;
    }

    /** Parses {@code [packets:bytes]}; null when malformed. */
    static Counters parseCounters(String s) {
        if (s.length() < 5 || s.charAt(0) != '[' || s.charAt(s.length() - 1) != ']') {
            return null;
        }
        int colon = s.indexOf(':');
        if (colon < 0) {
            return null;
        }
        try {
            long p = Long.parseUnsignedLong(s.substring(1, colon));
            long b = Long.parseUnsignedLong(s.substring(colon + 1, s.length() - 1));
            if (p < 0 || b < 0) {
                return null;
            }
            return new Counters(p, b);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
