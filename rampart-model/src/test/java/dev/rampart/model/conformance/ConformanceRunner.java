package dev.rampart.model.conformance;

import dev.rampart.model.Family;
import dev.rampart.model.Rule;
import dev.rampart.model.TableName;
import dev.rampart.model.diag.Diagnostic;
import dev.rampart.model.diag.Diagnostics;
import dev.rampart.model.parse.ChainLookup;
import dev.rampart.model.parse.LineReporter;
import dev.rampart.model.parse.RuleParser;
import dev.rampart.model.parse.ShellWords;
import dev.rampart.model.parse.Tokens;
import dev.rampart.model.write.CanonicalWriter;
import java.util.List;
import java.util.Set;

/** Runs one {@code .t} vector through the rule parser and canonical writer. */
final class ConformanceRunner {
    private ConformanceRunner() {
    }

    /** Outcome of one vector: whether it passed and, if not, why. */
    record Outcome(boolean passed, String detail) {
    }

    static Outcome run(TVector v, Family family) {
        TableName table = TableName.byId(v.table()).orElse(null);
        if (table == null) {
            return new Outcome(false, "unknown table " + v.table());
        }
        for (String chain : v.chains()) {
            Outcome o = runInChain(v, family, table, chain.trim());
            if (!o.passed()) {
                return o;
            }
        }
        return new Outcome(true, "");
    }

    private static Outcome runInChain(TVector v, Family family, TableName table, String chain) {
        Tokens tokens = new Tokens();
        ShellWords.Problem p = ShellWords.split(v.rule(), tokens);
        if (p != null) {
            return v.expect() == TVector.Expect.FAIL ? new Outcome(true, "")
                    : new Outcome(false, "shell split: " + p.message());
        }
        Diagnostics diags = new Diagnostics(v.file());
        LineReporter rep = new LineReporter(diags);
        rep.at(v.line(), v.rule());
        ChainLookup lookup = ChainLookup.builtinsOf(table);
        // the .t runs start from an empty kernel: no ipset exists
        RuleParser.Result r = new RuleParser(family).withKnownIpSets(Set.of()).parse(tokens, 0, table, chain, lookup, null, rep);
        boolean accepted = r.ok() && !diags.hasErrors();
        switch (v.expect()) {
            case FAIL -> {
                return accepted ? new Outcome(false, "accepted, but iptables rejects it; printed as: "
                        + print(chain, r.rules())) : new Outcome(true, "");
            }
            case NOMATCH -> {
                return accepted ? new Outcome(true, "") : new Outcome(false, "rejected: " + firstError(diags));
            }
            default -> {
                if (!accepted) {
                    return new Outcome(false, "rejected: " + firstError(diags));
                }
                String got = print(chain, r.rules());
                String want = "-A " + chain + " " + v.expectedSave();
                return got.equals(want) ? new Outcome(true, "")
                        : new Outcome(false, "printed '" + got + "', expected '" + want + "'");
            }
        }
    }

    private static String print(String chain, List<Rule> rules) {
        if (rules.size() != 1) {
            StringBuilder sb = new StringBuilder();
            for (Rule r : rules) {
                sb.append(sb.length() == 0 ? "" : " | ").append(CanonicalWriter.ruleText(chain, r));
            }
            return sb.toString();
        }
        return CanonicalWriter.ruleText(chain, rules.get(0));
    }

    private static String firstError(Diagnostics d) {
        for (Diagnostic x : d.all()) {
            if (x.isError()) {
                return x.code().id() + " " + x.message();
            }
        }
        return "(no error)";
    }
}
