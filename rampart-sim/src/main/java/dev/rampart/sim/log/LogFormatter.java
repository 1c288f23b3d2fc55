package dev.rampart.sim.log;

import dev.rampart.model.target.LogTarget;
import dev.rampart.model.target.NflogTarget;
import dev.rampart.sim.engine.PacketState;

/** PLACEHOLDER until helper D's kernel log format lands. */
public final class LogFormatter {
    private LogFormatter() {
    }

    public static String log(PacketState p, LogTarget t) {
        return (t.prefix() == null ? "" : t.prefix()) + "IN=" + (p.in() == null ? "" : p.in()) + " OUT="
                + (p.out() == null ? "" : p.out()) + " SRC=" + p.src() + " DST=" + p.dst();
    }

    public static String nflog(PacketState p, NflogTarget t) {
        return (t.prefix() == null ? "" : t.prefix()) + "IN=" + (p.in() == null ? "" : p.in()) + " OUT="
                + (p.out() == null ? "" : p.out()) + " SRC=" + p.src() + " DST=" + p.dst();
    }
}
