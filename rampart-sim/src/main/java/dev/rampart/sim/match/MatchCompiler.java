package dev.rampart.sim.match;

import dev.rampart.model.RuleHeader;
import dev.rampart.model.match.Match;
import dev.rampart.sim.engine.PacketTest;

/** Turns rule headers and typed matches into {@link PacketTest}s. */
public final class MatchCompiler {
    private MatchCompiler() {
    }

    /** The test of a rule header ({@code -s -d -i -o -p -f} with their negations). */
    public static PacketTest header(RuleHeader header, CompileContext ctx) {
        throw new UnsupportedOperationException("MatchCompiler.header: not implemented yet");
    }

    /** The test of one match. Unknown matches compile to a test that matches and reports approximation. */
    public static PacketTest compile(Match match, CompileContext ctx) {
        throw new UnsupportedOperationException("MatchCompiler.compile: not implemented yet");
    }
}
