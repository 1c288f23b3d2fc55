package dev.rampart.model.script;

import dev.rampart.model.Family;
import dev.rampart.model.Ruleset;
import dev.rampart.model.RulesetBuilder;
import dev.rampart.model.TableName;
import dev.rampart.model.diag.DiagnosticCode;
import dev.rampart.model.diag.Diagnostics;
import dev.rampart.model.ipset.IpSetCommands;
import dev.rampart.model.ipset.IpSets;
import dev.rampart.model.ipset.IpSetsBuilder;
import dev.rampart.model.parse.CommandRunner;
import dev.rampart.model.parse.LineReporter;
import dev.rampart.model.parse.RuleParser;
import dev.rampart.model.parse.Tokens;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a shell script of firewall commands, as guides and admins write them, into an IPv4 ruleset, an
 * IPv6 ruleset and ipsets, by running each command against an empty firewall in order:
 * <ul>
 *   <li>{@code iptables}/{@code ip6tables} commands (also {@code iptables-nft}/{@code -legacy}), with
 *       an optional {@code sudo}, a full path ({@code /sbin/iptables}), {@code -t TABLE} anywhere and the
 *       global options {@code -w [SECONDS]}, {@code -W USECS}, {@code -v}, {@code -n}, {@code -x},
 *       {@code --line-numbers}, which do not change the ruleset;</li>
 *   <li>{@code ipset} commands ({@code create add del flush destroy rename swap ...}, see
 *       {@link IpSetCommands});</li>
 *   <li>simple variable assignments ({@code IPT=/sbin/iptables}, {@code export WAN="eth0"},
 *       {@code IPT=$(which iptables)}) expanded in later {@code $IPT} / {@code ${WAN}} uses;</li>
 *   <li>backslash continuations, {@code ;}/{@code &&}/{@code ||} lists, comments, blank lines, and the
 *       keyword prefixes {@code if}, {@code then}, {@code do}, {@code else}, {@code !}.</li>
 * </ul>
 * Everything else (other programs, loops, pipelines, commands using unknown variables or command
 * substitution, here-document bodies) is skipped with a {@link DiagnosticCode#SKIPPED_SHELL_LINE}
 * warning naming the line, never an error. Errors are reserved for iptables/ipset commands that iptables
 * or ipset itself would reject; reading always continues with the next command.
 */
public final class ScriptParser {

    /** What the script builds, and the diagnostics found. Rulesets have no tables when unused. */
    public record Result(Ruleset ipv4, Ruleset ipv6, IpSets ipsets, Diagnostics diagnostics) {
    }

    private static final Set<String> IPTABLES4 = Set.of("iptables", "iptables-nft", "iptables-legacy");
    private static final Set<String> IPTABLES6 = Set.of("ip6tables", "ip6tables-nft", "ip6tables-legacy");
    private static final Set<String> PREFIX_KEYWORDS = Set.of("if", "then", "do", "else", "elif", "while",
            "until", "{", "!", "time");
    private static final Set<String> DECLARE = Set.of("export", "readonly", "local", "declare", "typeset");
    private static final Set<String> WRAPPERS = Set.of("command", "exec", "nohup", "nice", "env");

    /** Parses {@code text}, naming it {@code file} in diagnostics. */
    public Result parse(String text, String file) {
        Diagnostics diags = new Diagnostics(file);
        Run run = new Run(new LineReporter(diags));
        run.run(text);
        return new Result(run.v4.build(), run.v6.build(), run.sets.build(), diags);
    }

    private static final class Run {
        final LineReporter rep;
        final RulesetBuilder v4 = new RulesetBuilder(Family.IPV4);
        final RulesetBuilder v6 = new RulesetBuilder(Family.IPV6);
        final IpSetsBuilder sets = new IpSetsBuilder();
        final CommandRunner run4 = new CommandRunner(new RuleParser(Family.IPV4), v4, true);
        final CommandRunner run6 = new CommandRunner(new RuleParser(Family.IPV6), v6, true);
        final IpSetCommands ipset = new IpSetCommands(sets);
        final Map<String, String> vars = new HashMap<>();

        Run(LineReporter rep) {
            this.rep = rep;
        }

        void run(String text) {
            String[] lines = text.split("\n", -1);
            int count = lines.length;
            if (count > 0 && lines[count - 1].isEmpty()) {
                count--;
            }
            int k = 0;
            while (k < count) {
                int startLine = k + 1;
                StringBuilder logical = new StringBuilder(strip(lines[k]));
                k++;
                while (endsWithContinuation(logical) && k < count) {
                    logical.setLength(logical.length() - 1);
                    logical.append(strip(lines[k]));
                    k++;
                }
                String line = logical.toString();
                if (startLine == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                String heredoc = line(startLine, line);
                if (heredoc != null) {
                    boolean tabs = heredoc.startsWith("\t");
                    String delim = tabs ? heredoc.substring(1) : heredoc;
                    int bodyStart = k + 1;
                    while (k < count) {
                        String l = strip(lines[k]);
                        k++;
                        if ((tabs ? l.replaceFirst("^\t+", "") : l).equals(delim)) {
                            break;
                        }
                    }
                    int bodyEnd = k - 1;
                    if (bodyEnd >= bodyStart) {
                        rep.at(bodyStart, strip(lines[bodyStart - 1]));
                        rep.report(DiagnosticCode.SKIPPED_SHELL_LINE, 1, Math.max(1, rep.text().length()),
                                "skipped a here-document (lines " + bodyStart + "-" + bodyEnd + "): it is input to"
                                        + " the command on line " + startLine + ", not run by this script", null);
                    }
                }
            }
        }

        static String strip(String l) {
            return l.endsWith("\r") ? l.substring(0, l.length() - 1) : l;
        }

        static boolean endsWithContinuation(CharSequence s) {
            int b = 0;
            for (int i = s.length() - 1; i >= 0 && s.charAt(i) == '\\'; i--) {
                b++;
            }
            return b % 2 == 1;
        }

        /** Handles one logical line; returns a here-document delimiter (prefixed by a tab for {@code <<-}) or null. */
        String line(int lineNo, String line) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                return null;
            }
            rep.at(lineNo, line);
            ShellLexer.Result r = ShellLexer.lex(line, vars);
            if (r.problem() != null) {
                String first = t.split("\\s+")[0];
                boolean ours = isFirewallWord(first) || (first.equals("sudo") && t.split("\\s+").length > 1
                        && isFirewallWord(t.split("\\s+")[1]));
                if (ours) {
                    rep.report(DiagnosticCode.UNTERMINATED_QUOTE, r.problem().column(), 1, r.problem().message(),
                            "close the quote on the same line, or end the line with '\\' to continue it");
                } else {
                    rep.report(DiagnosticCode.SKIPPED_SHELL_LINE, line.indexOf(first) + 1, first.length(),
                            "skipped a shell line that could not be read (" + r.problem().message() + ")", null);
                }
                return null;
            }
            String heredoc = null;
            skippedOnLine = false;
            for (ShellLexer.Command c : r.commands()) {
                command(line, c);
                if (c.heredoc() != null && heredoc == null) {
                    heredoc = (c.heredocStripTabs() ? "\t" : "") + c.heredoc();
                }
            }
            return heredoc;
        }

        static boolean isFirewallWord(String w) {
            String base = w.substring(w.lastIndexOf('/') + 1);
            return IPTABLES4.contains(base) || IPTABLES6.contains(base) || base.equals("ipset");
        }

        /** Whether this line already has a skipped-command warning: one per line is enough. */
        boolean skippedOnLine;

        void skip(ShellLexer.Command c, String line, String message) {
            if (skippedOnLine) {
                return;
            }
            skippedOnLine = true;
            int width = Math.max(1, Math.min(c.end(), line.length() + 1) - c.start());
            String text = line.substring(c.start() - 1, Math.min(line.length(), c.start() - 1 + width)).strip();
            rep.report(DiagnosticCode.SKIPPED_SHELL_LINE, c.start(), Math.max(1, text.length()), message, null);
        }

        void command(String line, ShellLexer.Command c) {
            List<ShellLexer.Word> w = c.words();
            int i = 0;
            while (i < w.size() && PREFIX_KEYWORDS.contains(w.get(i).text())) {
                i++;
            }
            // assignments, alone or before a command
            int assignStart = i;
            boolean declare = i < w.size() && DECLARE.contains(w.get(i).text());
            if (declare) {
                i++;
                while (i < w.size() && w.get(i).text().startsWith("-")) {
                    i++;
                }
                assignStart = i;
            }
            while (i < w.size() && isAssignment(w.get(i).text())) {
                i++;
            }
            if (i == w.size() && (i > assignStart || declare)) {
                if (!c.piped()) {
                    for (int k = assignStart; k < i; k++) {
                        String a = w.get(k).text();
                        int eq = a.indexOf('=');
                        String name = a.substring(0, eq);
                        if (c.undefined().isEmpty() && c.substitution() == 0) {
                            vars.put(name, a.substring(eq + 1));
                        } else {
                            vars.remove(name);
                        }
                    }
                }
                return;
            }
            if (i == w.size()) {
                if (!w.isEmpty() || c.heredoc() != null || c.inputFrom() != null) {
                    skip(c, line, w.isEmpty() ? "skipped a shell line with only a redirection"
                            : "skipped shell keyword '" + w.get(0).text() + "'");
                }
                return;
            }
            // wrappers: sudo [options], command, exec, env [VAR=x]
            while (i < w.size()) {
                String word = w.get(i).text();
                if (word.equals("sudo")) {
                    i++;
                    while (i < w.size() && w.get(i).text().startsWith("-")) {
                        String o = w.get(i).text();
                        i++;
                        if ((o.equals("-u") || o.equals("-g") || o.equals("-C") || o.equals("-h")) && i < w.size()) {
                            i++;
                        }
                    }
                    continue;
                }
                if (WRAPPERS.contains(word)) {
                    i++;
                    while (i < w.size() && (isAssignment(w.get(i).text()) || w.get(i).text().startsWith("-"))) {
                        i++;
                    }
                    continue;
                }
                break;
            }
            if (i >= w.size()) {
                skip(c, line, "skipped a shell command without a program");
                return;
            }
            String prog = w.get(i).text();
            String base = prog.substring(prog.lastIndexOf('/') + 1);
            boolean v4 = IPTABLES4.contains(base);
            boolean v6 = IPTABLES6.contains(base);
            boolean isIpset = base.equals("ipset");
            if ((v4 || v6 || isIpset) && (prog.contains("/init.d/") || prog.contains("/rc.d/"))) {
                skip(c, line, "skipped service script '" + prog + "': it is not the " + base + " command");
                return;
            }
            if (!v4 && !v6 && !isIpset) {
                skip(c, line, skipReason(base, w, i));
                return;
            }
            if (c.piped()) {
                skip(c, line, "skipped '" + base + "' in a pipeline; only plain commands are read");
                return;
            }
            if (!c.undefined().isEmpty()) {
                skip(c, line, "skipped '" + base + "' command: variable $" + c.undefined().get(0)
                        + " has no value here (set by the environment, a loop or a function?)");
                return;
            }
            if (c.substitution() != 0) {
                skip(c, line, "skipped '" + base + "' command: it uses command substitution, which is not run");
                return;
            }
            Tokens tokens = new Tokens();
            if (isIpset) {
                for (int k = i + 1; k < w.size(); k++) {
                    tokens.add(w.get(k).text(), w.get(k).column());
                }
                if (isRestore(tokens)) {
                    skip(c, line, "skipped 'ipset restore': it reads sets from "
                            + (c.inputFrom() != null ? "'" + c.inputFrom() + "'" : "another file")
                            + "; check that file with 'rampart check'");
                    return;
                }
                IpSetCommands.Outcome o = ipset.run(tokens, 0, rep, false);
                if (o == IpSetCommands.Outcome.NO_COMMAND) {
                    skip(c, line, "skipped 'ipset' without a command");
                }
                return;
            }
            boolean ignoreFamily = false;
            for (int k = i + 1; k < w.size(); k++) {
                String a = w.get(k).text();
                switch (a) {
                    case "-v", "--verbose", "-n", "--numeric", "-x", "--exact", "--line-numbers" -> {
                        continue;
                    }
                    case "-w", "--wait" -> {
                        if (k + 1 < w.size() && w.get(k + 1).text().matches("\\d+(\\.\\d+)?")) {
                            k++;
                        }
                        continue;
                    }
                    case "-W", "--wait-interval" -> {
                        k++;
                        continue;
                    }
                    case "-4", "--ipv4" -> {
                        ignoreFamily |= v6;
                        continue;
                    }
                    case "-6", "--ipv6" -> {
                        ignoreFamily |= v4;
                        continue;
                    }
                    default -> {
                        if (a.startsWith("--wait=") || a.startsWith("--wait-interval=")) {
                            continue;
                        }
                    }
                }
                tokens.add(a, w.get(k).column());
            }
            if (ignoreFamily) {
                skip(c, line, "skipped '" + base + "' command: its " + (v4 ? "-6" : "-4")
                        + " option makes " + base + " ignore it");
                return;
            }
            CommandRunner.Outcome o = (v4 ? run4 : run6).run(tokens, 0, TableName.FILTER, null, rep);
            if (o == CommandRunner.Outcome.NO_COMMAND) {
                for (int k = 0; k < tokens.size(); k++) {
                    String a = tokens.get(k);
                    if (a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version")) {
                        skip(c, line, "skipped '" + base + " " + a + "': it does not change the ruleset");
                        return;
                    }
                }
                rep.report(DiagnosticCode.UNEXPECTED_LINE, w.get(i).column(), prog.length(),
                        base + " command has no command option", "give one of -A, -I, -R, -D, -N, -X, -F, -Z, -P, -E"
                                + " (e.g. '" + base + " -A INPUT ...')");
            }
        }

        static boolean isRestore(Tokens t) {
            for (int k = 0; k < t.size(); k++) {
                String a = t.get(k);
                if (a.equals("restore") || a.equals("-R") || a.equals("--restore") || a.equals("r")) {
                    return true;
                }
                if (!a.startsWith("-")) {
                    return false;
                }
            }
            return false;
        }

        static String skipReason(String base, List<ShellLexer.Word> w, int i) {
            if (base.equals("iptables-restore") || base.equals("ip6tables-restore")
                    || base.startsWith("iptables-restore-") || base.startsWith("ip6tables-restore-")) {
                return "skipped '" + base + "': it loads rules from another file; check that file with 'rampart check'";
            }
            if (base.startsWith("iptables-save") || base.startsWith("ip6tables-save")) {
                return "skipped '" + base + "': it only prints the ruleset";
            }
            if ((base.equals("sh") || base.equals("bash")) && i + 1 < w.size() && w.get(i + 1).text().equals("-c")) {
                return "skipped '" + base + " -c': commands inside a quoted string are not read";
            }
            if (Set.of("for", "case", "esac", "fi", "done", "function", "}", "return", "exit").contains(base)
                    || base.endsWith("()")) {
                return "skipped shell control line '" + base + "'";
            }
            return "skipped shell command '" + base + "' (only iptables, ip6tables and ipset commands are read)";
        }

        static boolean isAssignment(String word) {
            int eq = word.indexOf('=');
            if (eq <= 0) {
                return false;
            }
            char f = word.charAt(0);
            if (!(Character.isLetter(f) || f == '_')) {
                return false;
            }
            for (int k = 1; k < eq; k++) {
                char ch = word.charAt(k);
                if (!(Character.isLetterOrDigit(ch) || ch == '_')) {
                    return false;
                }
            }
            return true;
        }
    }
}
