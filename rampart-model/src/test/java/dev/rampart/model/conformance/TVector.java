package dev.rampart.model.conformance;

import java.util.List;

/**
 * One rule vector of iptables' own {@code .t} tests, already resolved for the nft backend: the rule
 * arguments, the expected canonical save form (for OK), and the expected result.
 */
record TVector(String file, int line, String table, List<String> chains, String rule, String expectedSave,
               Expect expect) {

    enum Expect { OK, FAIL, NOMATCH }

    /** {@code file:line} for messages and the known-failures list. */
    String id() {
        return file + ":" + line;
    }
}
