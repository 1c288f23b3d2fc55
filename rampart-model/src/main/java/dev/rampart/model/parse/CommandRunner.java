package dev.rampart.model.parse;

import dev.rampart.model.Counters;
import dev.rampart.model.Rule;
import dev.rampart.model.RulesetBuilder;
import dev.rampart.model.SourcePos;
import dev.rampart.model.TableName;
import dev.rampart.model.diag.DiagnosticCode;
import dev.rampart.model.diag.Suggest;
import java.util.Collection;
import java.util.List;

/**
 * Runs one iptables command ({@code -A -I -R -D -N -X -F -Z -P -E}, plus {@code -L -S -C} which change
 * nothing) against a {@link RulesetBuilder}. Shared by the restore-file reader (where the table comes
 * from {@code *table}) and the command-script reader (where {@code -t} may appear anywhere).
 */
public final class CommandRunner {
    private final RuleParser ruleParser;
    private final RulesetBuilder builder;
    private final boolean allowTableOption;

    /** @param allowTableOption whether {@code -t TABLE} may appear (scripts) or is an error (restore files) */
    public CommandRunner(RuleParser ruleParser, RulesetBuilder builder, boolean allowTableOption) {
        this.ruleParser = ruleParser;
        this.builder = builder;
        this.allowTableOption = allowTableOption;
    }

    /** What one command did. */
    public enum Outcome { APPLIED, NO_CHANGE, FAILED, NO_COMMAND }

    /**
     * Runs the command in {@code t} (tokens from index {@code from}) in {@code table} (the default when
     * {@code -t} is absent). {@code counters} comes from a {@code [p:b]} prefix, or null.
     */
    public Outcome run(Tokens t, int from, TableName table, Counters counters, LineReporter rep) {
        int n = t.size();
        char cmd = 0;
        int cmdIdx = -1;
        int cmdArgs = 0;
        Tokens rest = new Tokens();
        String[] args = new String[2];
        int[] argCols = new int[2];
        for (int k = from; k < n; k++) {
            String tok = t.get(k);
            if (tok.equals("-t") || tok.equals("--table") || (tok.startsWith("-t") && tok.length() > 2
                    && !tok.startsWith("--")) || tok.startsWith("--table=")) {
                String name;
                int col;
                if (tok.equals("-t") || tok.equals("--table")) {
                    if (k + 1 >= n) {
                        rep.report(DiagnosticCode.MISSING_ARGUMENT, t.column(k), tok.length(), "-t needs a table name", null);
                        return Outcome.FAILED;
                    }
                    name = t.get(++k);
                    col = t.column(k);
                } else {
                    name = tok.startsWith("--") ? tok.substring(8) : tok.substring(2);
                    col = t.column(k);
                }
                if (!allowTableOption) {
                    rep.report(DiagnosticCode.UNSUPPORTED_COMMAND, t.column(k), tok.length(),
                            "-t cannot be used inside a restore file", "put the rule under '*" + name + "'");
                    return Outcome.FAILED;
                }
                TableName tn = TableName.byId(name).orElse(null);
                if (tn == null) {
                    rep.report(DiagnosticCode.UNKNOWN_TABLE, col, name.length(), "unknown table '" + name + "'",
                            Suggest.didYouMean(name, tableNames()));
                    return Outcome.FAILED;
                }
                table = tn;
                continue;
            }
            char c = commandLetter(tok);
            if (c != 0 && cmd == 0) {
                cmd = c;
                cmdIdx = k;
                int min = switch (c) {
                    case 'A', 'N', 'P', 'E', 'R', 'C' -> c == 'P' || c == 'E' || c == 'R' ? 2 : 1;
                    case 'I', 'D' -> 1;
                    default -> 0;
                };
                int max = switch (c) {
                    case 'A', 'N', 'C' -> 1;
                    case 'P', 'E', 'R', 'I', 'D' -> 2;
                    default -> 1;
                };
                cmdArgs = 0;
                while (cmdArgs < max && k + 1 < n && !t.get(k + 1).startsWith("-") && !t.get(k + 1).equals("!")) {
                    if (cmdArgs == 1 && (c == 'I' || c == 'D') && !isNumber(t.get(k + 1))) {
                        break;
                    }
                    args[cmdArgs] = t.get(k + 1);
                    argCols[cmdArgs] = t.column(k + 1);
                    cmdArgs++;
                    k++;
                }
                if (cmdArgs < min) {
                    rep.report(DiagnosticCode.MISSING_ARGUMENT, t.column(cmdIdx), tok.length(),
                            "command '" + tok + "' needs " + (min == 1 ? "a chain name" : min + " arguments"), null);
                    return Outcome.FAILED;
                }
                continue;
            }
            rest.add(tok, t.column(k));
        }
        if (cmd == 0) {
            return Outcome.NO_COMMAND;
        }
        String chain = cmdArgs > 0 ? args[0] : null;
        SourcePos pos = new SourcePos(rep.line(), t.column(cmdIdx));
        ChainLookup lookup = lookup(table);
        switch (cmd) {
            case 'A', 'I', 'R', 'C', 'D' -> {
                int position = -1;
                if (cmd == 'R' || ((cmd == 'I' || cmd == 'D') && cmdArgs == 2)) {
                    position = isNumber(args[1]) ? Integer.parseInt(args[1]) : -1;
                    if (position < 1) {
                        rep.report(DiagnosticCode.INVALID_VALUE, argCols[1], args[1].length(),
                                "rule number must be a positive number", null);
                        return Outcome.FAILED;
                    }
                }
                if (!builder.exists(table, chain)) {
                    rep.report(DiagnosticCode.UNKNOWN_CHAIN, argCols[0], chain.length(), "chain '" + chain
                                    + "' does not exist in table '" + table.id() + "'",
                            hintForChain(table, chain));
                    return Outcome.FAILED;
                }
                if (cmd == 'D' && position > 0) {
                    return apply(builder.delete(table, chain, position), rep, argCols[1], args[1]);
                }
                RuleParser.Result r = ruleParser.parse(rest, 0, table, chain, lookup, counters, rep);
                if (!r.ok()) {
                    return Outcome.FAILED;
                }
                if (cmd == 'C') {
                    return Outcome.NO_CHANGE;
                }
                Outcome last = Outcome.NO_CHANGE;
                int insertAt = position > 0 ? position : 1;
                for (Rule rule : r.rules()) {
                    RulesetBuilder.Problem p = switch (cmd) {
                        case 'A' -> builder.append(table, chain, rule);
                        case 'I' -> builder.insert(table, chain, insertAt++, rule);
                        case 'R' -> builder.replace(table, chain, position, rule);
                        default -> builder.delete(table, chain, rule);
                    };
                    last = apply(p, rep, pos.column(), t.get(cmdIdx));
                    if (last == Outcome.FAILED) {
                        return last;
                    }
                }
                return last;
            }
            case 'N' -> {
                return apply(builder.newChain(table, chain, pos), rep, argCols[0], chain);
            }
            case 'X' -> {
                return apply(builder.deleteChain(table, chain), rep, chain == null ? pos.column() : argCols[0],
                        chain == null ? t.get(cmdIdx) : chain);
            }
            case 'F' -> {
                return apply(builder.flush(table, chain), rep, chain == null ? pos.column() : argCols[0],
                        chain == null ? t.get(cmdIdx) : chain);
            }
            case 'Z' -> {
                return apply(builder.zero(table, chain), rep, chain == null ? pos.column() : argCols[0],
                        chain == null ? t.get(cmdIdx) : chain);
            }
            case 'P' -> {
                Counters c = counters;
                if (rest.size() >= 2 && rest.get(0).equals("-c")) {
                    c = null;
                }
                return apply(builder.policy(table, chain, args[1], c), rep, argCols[1], args[1]);
            }
            case 'E' -> {
                return apply(builder.rename(table, chain, args[1]), rep, argCols[1], args[1]);
            }
            default -> {
                return Outcome.NO_CHANGE;
            }
        }
    }

    private String hintForChain(TableName table, String chain) {
        java.util.List<String> known = new java.util.ArrayList<>(table.builtinChains());
        known.addAll(builder.userChains(table));
        String close = Suggest.closest(chain, known);
        if (close != null) {
            return "did you mean '" + close + "'?";
        }
        for (TableName other : TableName.values()) {
            if (other != table && other.isBuiltin(chain)) {
                return "'" + chain + "' is a chain of table '" + other.id() + "'";
            }
        }
        return "create it first (-N " + chain + ")";
    }

    private static List<String> tableNames() {
        return java.util.Arrays.stream(TableName.values()).map(TableName::id).toList();
    }

    private Outcome apply(RulesetBuilder.Problem p, LineReporter rep, int col, String what) {
        if (p == null) {
            return Outcome.APPLIED;
        }
        DiagnosticCode code = switch (p.kind()) {
            case UNKNOWN_CHAIN -> DiagnosticCode.UNKNOWN_CHAIN;
            case CHAIN_EXISTS -> DiagnosticCode.CHAIN_EXISTS;
            case BUILTIN_CHAIN -> DiagnosticCode.BUILTIN_CHAIN;
            case INVALID_POLICY -> DiagnosticCode.INVALID_POLICY;
            case RULE_NOT_FOUND -> DiagnosticCode.RULE_NOT_FOUND;
            case CHAIN_IN_USE -> DiagnosticCode.CHAIN_IN_USE;
            case INVALID_NAME -> DiagnosticCode.INVALID_VALUE;
        };
        rep.report(code, col, what == null ? 1 : what.length(), p.message(), null);
        return Outcome.FAILED;
    }

    /** A chain lookup over the builder's current state of {@code table}. */
    public ChainLookup lookup(TableName table) {
        return new ChainLookup() {
            @Override
            public boolean exists(String name) {
                return builder.exists(table, name);
            }

            @Override
            public Collection<String> userChains() {
                return builder.userChains(table);
            }

            @Override
            public String find(String name) {
                return builder.find(table, name);
            }

            @Override
            public String find(String text, int from, int to) {
                return builder.find(table, text, from, to);
            }
        };
    }

    private static boolean isNumber(String s) {
        if (s.isEmpty() || s.length() > 9) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The command letter of {@code tok} ({@code -A}, {@code --append}, ...), or 0. */
    static char commandLetter(String tok) {
        if (tok.length() == 2 && tok.charAt(0) == '-') {
            char c = tok.charAt(1);
            return "AIRDNXFZPELSC".indexOf(c) >= 0 ? c : 0;
        }
        return switch (tok) {
            case "--append" -> 'A';
            case "--insert" -> 'I';
            case "--replace" -> 'R';
            case "--delete" -> 'D';
            case "--new-chain", "--new" -> 'N';
            case "--delete-chain" -> 'X';
            case "--flush" -> 'F';
            case "--zero" -> 'Z';
            case "--policy" -> 'P';
            case "--rename-chain" -> 'E';
            case "--list" -> 'L';
            case "--list-rules" -> 'S';
            case "--check" -> 'C';
            default -> (char) 0;
        };
    }
}
