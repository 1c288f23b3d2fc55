package dev.rampart.monitor.source;

/** Receives the lines of a {@link LogSource} in order. */
@FunctionalInterface
public interface LineSink {
    void accept(SourceLine line);
}
