package dev.rampart.monitor.event;

/**
 * What a meaningful log line says, as the {@code kind} of the JSON event contract
 * ({@code docs/log-events.md}). {@link #json()} is the exact string written.
 */
public enum EventKind {
    /** A failed authentication (wrong password, key, PAM failure, HTTP basic/digest failure, SASL failure). */
    AUTH_FAILURE("auth-failure"),
    /** A log-in attempt for a user that does not exist or is not allowed. */
    INVALID_USER("invalid-user"),
    /** A pre-authentication protocol abuse: no identification, failed key exchange, disconnect before auth. */
    PROTOCOL_ABUSE("protocol-abuse"),
    /** A web request for a well-known vulnerable path (nginx-botsearch). */
    BOT_SEARCH("bot-search"),
    /** A mail transaction refused by the SMTP server (postfix reject, pipelining, rate limits). */
    MAIL_REJECT("mail-reject"),
    /** A kernel LOG line of a packet that the prefix says was dropped or rejected. */
    DROP("drop"),
    /** A kernel LOG line of a packet that the prefix says was accepted. */
    ACCEPT("accept"),
    /** A kernel LOG line whose prefix says neither (plain {@code LOG}). */
    PACKET("packet"),
    /** A kernel LOG line of a TCP packet whose flags only a scanner sends (NULL, FIN, XMAS, ...). */
    SCAN_PROBE("scan-probe");

    private final String json;

    EventKind(String json) {
        this.json = json;
    }

    /** The name written in the JSON event. */
    public String json() {
        return json;
    }
}
