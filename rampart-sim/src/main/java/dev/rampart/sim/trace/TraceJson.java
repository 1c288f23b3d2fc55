package dev.rampart.sim.trace;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.rampart.model.net.IpAddress;
import dev.rampart.sim.engine.CounterRef;
import dev.rampart.sim.engine.NatResult;
import dev.rampart.sim.engine.TraceResult;
import dev.rampart.sim.engine.TraceStep;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.io.UncheckedIOException;

/**
 * Writes trace results and per-packet errors as one JSON object per line, the public format documented
 * in {@code docs/trace-format.md}. Member order is fixed so that output diffs cleanly.
 */
public final class TraceJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private TraceJson() {
    }

    /** One result as a single-line JSON object (no trailing newline). */
    public static String result(TraceResult r) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            writeResult(g, r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * Results and error objects written one per line to one writer through one generator — what a
     * stream of many packets needs ({@link #result} makes a generator per object). The writer is not
     * closed; {@link #flush} passes what is buffered on to it.
     */
    public static final class Lines {
        private final JsonGenerator g;

        public Lines(Writer out) {
            try {
                g = FACTORY.createGenerator(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.setRootValueSeparator(null); // each object ends its own line

        }

        /** Writes one result and a newline. */
        public void result(TraceResult r) {
            try {
                writeResult(g, r);
                g.writeRaw('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Writes the error object for packet line {@code line} and a newline. */
        public void error(String id, int line, String message) {
            try {
                writeError(g, id, line, message);
                g.writeRaw('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Hands what is buffered to the writer and flushes it. */
        public void flush() {
            try {
                g.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static void writeResult(JsonGenerator g, TraceResult r) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", r.id());
        g.writeStringField("verdict", r.verdict().name());
        g.writeFieldName("decided_by");
        if (r.decidedBy() == null) {
            g.writeNull();
        } else {
            counter(g, r.decidedBy());
        }
        g.writeArrayFieldStart("matched");
        for (CounterRef c : r.matched()) {
            counter(g, c);
        }
        g.writeEndArray();
        if (r.ctState() == null) {
            g.writeNullField("ct_state");
        } else {
            g.writeStringField("ct_state", r.ctState().name());
        }
        g.writeFieldName("nat");
        nat(g, r.nat());
        g.writeArrayFieldStart("log");
        for (String l : r.log()) {
            g.writeString(l);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("steps");
        for (TraceStep s : r.steps()) {
            g.writeStartObject();
            g.writeStringField("hook", s.hook().name());
            g.writeStringField("table", s.counter().table().id());
            g.writeStringField("chain", s.counter().chain());
            if (s.counter().isPolicy()) {
                g.writeBooleanField("policy", true);
            } else {
                g.writeNumberField("rule", s.counter().rule());
            }
            g.writeStringField("kind", s.kind());
            g.writeStringField("action", s.action());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeBooleanField("approximate", r.isApproximate());
        if (r.isApproximate()) {
            g.writeArrayFieldStart("approximations");
            for (String a : r.approximate()) {
                g.writeString(a);
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    /** The error object for packet line {@code line} (1-based) that could not be read or simulated. */
    public static String error(String id, int line, String message) {
        StringWriter out = new StringWriter(128);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            writeError(g, id, line, message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void writeError(JsonGenerator g, String id, int line, String message) throws IOException {
        g.writeStartObject();
        if (id == null) {
            g.writeNullField("id");
        } else {
            g.writeStringField("id", id);
        }
        g.writeNumberField("line", line);
        g.writeStringField("error", message);
        g.writeEndObject();
    }

    private static void counter(JsonGenerator g, CounterRef c) throws IOException {
        g.writeStartObject();
        g.writeStringField("table", c.table().id());
        g.writeStringField("chain", c.chain());
        if (c.isPolicy()) {
            g.writeBooleanField("policy", true);
        } else {
            g.writeNumberField("rule", c.rule());
        }
        g.writeEndObject();
    }

    private static void nat(JsonGenerator g, NatResult n) throws IOException {
        if (n == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeFieldName("before");
        endpoints(g, n.originalSrc(), n.originalSport(), n.originalDst(), n.originalDport());
        g.writeFieldName("after");
        endpoints(g, n.src(), n.sport(), n.dst(), n.dport());
        g.writeEndObject();
    }

    private static void endpoints(JsonGenerator g, IpAddress src, int sport, IpAddress dst, int dport)
            throws IOException {
        g.writeStartObject();
        g.writeStringField("src", src.toString());
        if (sport >= 0) {
            g.writeNumberField("sport", sport);
        }
        g.writeStringField("dst", dst.toString());
        if (dport >= 0) {
            g.writeNumberField("dport", dport);
        }
        g.writeEndObject();
    }
}
