package dev.rampart.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.model.net.IpAddress;
import dev.rampart.monitor.event.EventKind;
import dev.rampart.monitor.parse.TimeResolver;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Routing of file lines and journal entries to the right parser. */
class LineClassifierTest {
    static final Instant T = Instant.parse("2026-11-21T10:00:01Z");
    private final LineClassifier c = LineClassifier.withDefaults(new TimeResolver(ZoneId.of("UTC"),
            Instant.parse("2026-11-22T00:00:00Z")));

    @Test
    void mixedSyslogLinesGoToTheirParsers() {
        assertThat(c.classify("Nov 21 10:00:01 gw kernel: [ 1.0] DROP IN=eth0 OUT= MAC= SRC=203.0.113.5 "
                + "DST=198.18.0.1 LEN=40 TOS=0x00 PREC=0x00 TTL=50 ID=1 PROTO=TCP SPT=1 DPT=22 WINDOW=1 RES=0x00 SYN "
                + "URGP=0 ")).isInstanceOf(Classified.KernelLine.class);
        assertThat(c.classify("Nov 21 10:00:01 gw sshd[5]: Invalid user a from 203.0.113.5 port 2"))
                .isInstanceOfSatisfying(Classified.ServiceLine.class, s -> {
                    assertThat(s.service()).isEqualTo("sshd");
                    assertThat(s.time()).isEqualTo(T);
                });
        assertThat(c.classify("Nov 21 10:00:01 m postfix/smtpd[1]: NOQUEUE: reject: RCPT from x[203.0.113.5]: "
                + "554 5.7.1 <a@b>: Relay access denied; from=<a@c> to=<a@b> proto=ESMTP helo=<x>"))
                .isInstanceOfSatisfying(Classified.ServiceLine.class, s -> assertThat(s.service()).isEqualTo("postfix"));
        assertThat(c.classify("Nov 21 10:00:01 gw CRON[9]: (root) CMD (run-parts /etc/cron.hourly)"))
                .isEqualTo(Classified.NOTHING);
        assertThat(c.classify("")).isEqualTo(Classified.NOTHING);
    }

    @Test
    void journalEntriesUseTheirFieldsForTimeHostAndProgram() {
        Classified k = c.classifyJournal(T, "gw", "kernel", -1, "[UFW BLOCK] IN=eth0 OUT= MAC= SRC=203.0.113.5 "
                + "DST=198.18.0.1 LEN=40 TOS=0x00 PREC=0x00 TTL=50 ID=1 PROTO=UDP SPT=1 DPT=53 LEN=20 ");
        assertThat(k).isInstanceOfSatisfying(Classified.KernelLine.class, l -> {
            assertThat(l.record().time()).isEqualTo(T);
            assertThat(l.record().host()).isEqualTo("gw");
            assertThat(l.record().prefix()).isEqualTo("[UFW BLOCK]");
            assertThat(l.record().src()).isEqualTo(IpAddress.parse("203.0.113.5"));
        });
        Classified s = c.classifyJournal(T, "gw", "sshd", 77,
                "Failed password for invalid user x from 192.0.2.7 port 1 ssh2 from 203.0.113.5 port 2 ssh2");
        assertThat(s).isInstanceOfSatisfying(Classified.ServiceLine.class, l -> {
            assertThat(l.match().host()).isEqualTo("203.0.113.5");
            assertThat(l.match().kind()).isEqualTo(EventKind.INVALID_USER);
            assertThat(l.time()).isEqualTo(T);
        });
        assertThat(c.classifyJournal(T, "gw", "systemd", 1, "Started session 3 of user root."))
                .isEqualTo(Classified.NOTHING);
    }
}
