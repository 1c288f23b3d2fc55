package dev.rampart.monitor.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rampart.monitor.LineClassifier;
import dev.rampart.monitor.parse.TimeResolver;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The JSON event contract: keys, order, nulls, and escaping of attacker-controlled text. */
class LogEventJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final LineClassifier classifier = LineClassifier.withDefaults(
            new TimeResolver(ZoneId.of("UTC"), Instant.parse("2026-11-22T00:00:00Z")));

    @Test
    void serviceEventHasTheContractKeysInOrderWithNullsForKernelFields() throws Exception {
        LogEvent e = LogEvents.of("auth.log", 3, classifier.classify(
                "Nov 21 10:00:01 web sshd[1]: Failed password for root from 203.0.113.5 port 40001 ssh2"));
        String line = LogEventJson.write(e);
        assertThat(line).isEqualTo("{\"file\":\"auth.log\",\"line\":3,\"time\":\"2026-11-21T10:00:01Z\","
                + "\"service\":\"sshd\",\"kind\":\"auth-failure\",\"addr\":\"203.0.113.5\",\"user\":\"root\","
                + "\"port\":null,\"proto\":null,\"prefix\":null}");
    }

    @Test
    void controlCharactersQuotesAndBackslashesInUserNamesAreEscaped() throws Exception {
        LogEvent e = LogEvents.of("auth.log", 1, classifier.classify(
                "Nov 21 10:00:01 web sshd[1]: Invalid user a\"b\\c\u0007\u2028\"} from 203.0.113.5 port 1"));
        String line = LogEventJson.write(e);
        assertThat(line).doesNotContain("\u0007").doesNotContain("\u2028").doesNotContain("\n");
        JsonNode j = JSON.readTree(line);
        assertThat(j.get("user").asText()).isEqualTo("a\"b\\c\u0007\u2028\"}");
        assertThat(j.get("addr").asText()).isEqualTo("203.0.113.5");
    }

    @Test
    void kernelEventAddsDestinationAndFlags() throws Exception {
        LogEvent e = LogEvents.of("kern.log", 9, classifier.classify("Nov 21 10:00:01 gw kernel: [ 1.5] "
                + "[UFW BLOCK] IN=eth0 OUT= MAC= SRC=203.0.113.5 DST=198.18.0.1 LEN=40 TOS=0x00 PREC=0x00 TTL=50 "
                + "ID=1 PROTO=TCP SPT=1 DPT=23 WINDOW=1 RES=0x00 URGP=0 "));
        JsonNode j = JSON.readTree(LogEventJson.write(e));
        assertThat(j.get("kind").asText()).isEqualTo("scan-probe");
        assertThat(j.get("flags").asText()).isEmpty();
        assertThat(j.get("port").asInt()).isEqualTo(23);
        assertThat(j.get("prefix").asText()).isEqualTo("[UFW BLOCK]");
        assertThat(j.get("dst").asText()).isEqualTo("198.18.0.1");
        LogEvent drop = LogEvents.of("kern.log", 10, classifier.classify("[UFW BLOCK] IN=eth0 OUT= MAC= "
                + "SRC=203.0.113.5 DST=198.18.0.1 LEN=40 TOS=0x00 PREC=0x00 TTL=50 ID=1 PROTO=UDP SPT=1 DPT=53 LEN=20 "));
        JsonNode d = JSON.readTree(LogEventJson.write(drop));
        assertThat(d.get("kind").asText()).isEqualTo("drop");
        assertThat(d.get("time").isNull()).isTrue();
        assertThat(d.get("flags").isNull()).isTrue();
    }
}
