package dev.rampart.monitor.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON form of an alert, as the webhook posts it:
 * <pre>
 * {"text":"[rampart web1] warning: banned 192.0.2.7 (sshd, 5 failures)",
 *  "host":"web1","kind":"brute_force_ban","severity":"warning","summary":"banned 192.0.2.7 (sshd, 5 failures)",
 *  "details":"...","time":"2026-01-01T12:00:00Z","source":"192.0.2.7","aggregated":0}
 * </pre>
 * {@code text} makes the body usable as is by Slack- and Mattermost-style incoming webhooks; {@code source}
 * is null when the alert has none; {@code aggregated} is 0 for one event and N for a summary of N.
 */
public final class AlertJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AlertJson() {
    }

    /** The alert as a JSON object; {@code host} names the machine it comes from. */
    public static ObjectNode of(Alert a, String host) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("text", "[rampart " + host + "] " + a.severity().id() + ": " + a.summary());
        o.put("host", host);
        o.put("kind", a.kind().id());
        o.put("severity", a.severity().id());
        o.put("summary", a.summary());
        o.put("details", a.details());
        o.put("time", a.time().toString());
        if (a.source() == null) {
            o.putNull("source");
        } else {
            o.put("source", a.source().toString());
        }
        o.put("aggregated", a.aggregated());
        return o;
    }

    /** The alert as JSON text. */
    public static String text(Alert a, String host) {
        try {
            return MAPPER.writeValueAsString(of(a, host));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
