package dev.rampart.host.history;

import java.time.Instant;
import java.util.Objects;

/**
 * One thing that happened to a history entry, in the manifest's {@code events} list.
 *
 * @param time   when
 * @param event  a short word: {@code saved}, {@code armed}, {@code applied}, {@code confirmed},
 *               {@code rolled-back}, {@code failed}, {@code restored}
 * @param detail a sentence for the admin (who, why, the kernel's message), may be empty
 */
public record HistoryEvent(Instant time, String event, String detail) {
    public HistoryEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(event, "event");
        detail = detail == null ? "" : detail;
    }
}
