package dev.rampart.monitor;

import dev.rampart.monitor.parse.KernelLogRecord;
import dev.rampart.monitor.service.ServiceMatch;
import java.time.Instant;

/** What {@link LineClassifier} made of one line: a kernel packet, a service failure, or nothing. */
public sealed interface Classified {

    /** A kernel LOG packet line. */
    record KernelLine(KernelLogRecord record) implements Classified {
    }

    /** A failure logged by {@code service}, at {@code time} (null when the line has no stamp). */
    record ServiceLine(String service, ServiceMatch match, Instant time) implements Classified {
    }

    /** A line that means nothing to Rampart (or completes nothing yet). */
    record Nothing() implements Classified {
    }

    /** The one {@link Nothing}. */
    Classified NOTHING = new Nothing();
}
