package dev.rampart.monitor.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.monitor.parse.SyslogHeader;
import dev.rampart.monitor.parse.SyslogHeaderParser;
import dev.rampart.monitor.parse.TimeResolver;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Log injection: an attacker controls parts of what daemons log (sshd user names and identification
 * strings, HTTP user names, URLs and headers, mail user names). Crafted lines that carry a second address
 * in those parts must yield the address the daemon really wrote (the real client, here always from
 * 203.0.113.0/24) — never the injected one (192.0.2.7 / 198.51.100.9).
 */
class LogInjectionTest {
    private static final SyslogHeaderParser HEADERS = new SyslogHeaderParser(
            new TimeResolver(ZoneId.of("UTC"), Instant.parse("2026-11-22T00:00:00Z")));

    private static ServiceMatch parse(ServiceParser p, String line) {
        SyslogHeader h = HEADERS.parse(line);
        assertThat(p.accepts(line, h)).as(line).isTrue();
        return p.parse(line, h);
    }

    /** Each line: what sshd wrote; the expected host (or NONE when the line must not count at all). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        Nov 21 10:00:00 h sshd[1]: Invalid user x from 192.0.2.7 port 22 from 203.0.113.5 | 203.0.113.5
        Nov 21 10:00:00 h sshd[1]: Invalid user x from 192.0.2.7 port 22 from 203.0.113.5 port 40000 | 203.0.113.5
        Nov 21 10:00:00 h sshd[1]: Invalid user from 192.0.2.7 from 203.0.113.5 port 40000 | 203.0.113.5
        Nov 21 10:00:00 h sshd[1]: Invalid user admin from 192.0.2.7 port 22 ssh2 from 203.0.113.5 port 1 | 203.0.113.5
        Nov 21 10:00:00 h sshd[1]: Failed password for invalid user x from 192.0.2.7 port 22 ssh2 from 203.0.113.5 port 4 ssh2 | 203.0.113.5
        Nov 21 10:00:00 h sshd[1]: Failed password for invalid user from 192.0.2.7 from 203.0.113.5 port 58946 ssh2 | 203.0.113.5
        Nov 21 10:00:00 h sshd[1]: Failed password for root from 203.0.113.5 port 22 ssh2: from 198.51.100.9 port 5 ssh2 | 203.0.113.5
        Nov 21 10:00:00 h sshd[1]: Failed publickey for invalid user git from 203.0.113.5 port 1 ssh2: RSA SHA256:x from 198.51.100.9 | 203.0.113.5
        Nov 21 10:00:00 h sshd[1]: User root from 192.0.2.7 from 203.0.113.5 not allowed because not listed in AllowUsers | 203.0.113.5
        Nov 21 10:00:00 h sshd[1]: Connection closed by authenticating user x 192.0.2.7 port 1 203.0.113.5 port 46039 [preauth] | NONE
        Nov 21 10:00:00 h sshd[1]: maximum authentication attempts exceeded for invalid user a from 192.0.2.7 port 1 from 203.0.113.5 port 2 ssh2 [preauth] | 203.0.113.5
        Nov 21 10:00:00 h sshd[1]: error: PAM: Authentication failure for x from 192.0.2.7 from 203.0.113.5 | 203.0.113.5
        Nov 21 10:00:00 h sshd[1]: Invalid user x from 192.0.2.7 | 192.0.2.7
        Nov 21 10:00:00 h sshd[1]: Invalid user x from 192.0.2.7 port 22 x | NONE
        Nov 21 10:00:00 h sshd[1]: Invalid user x from 192.0.2.7 port 22 from host name | NONE
        """)
    void sshdTakesTheAddressSshdWrote(String line, String expected) {
        ServiceMatch m = parse(new SshdParser(SshdParser.Mode.AGGRESSIVE), line);
        if (expected.equals("NONE")) {
            assertThat(m == null || !m.host().equals("192.0.2.7") && !m.host().equals("198.51.100.9")).as(line).isTrue();
        } else {
            assertThat(m).as(line).isNotNull();
            assertThat(m.host()).as(line).isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        Nov 21 10:00:00 h sshd[1]: Invalid user x from 192.0.2.7 port 22 from 203.0.113.5 port 9 | x from 192.0.2.7 port 22
        Nov 21 10:00:00 h sshd[1]: Failed password for invalid user a b from 203.0.113.5 port 1 ssh2 | a b
        """)
    void theInjectedTextStaysInTheUserName(String line, String user) {
        ServiceMatch m = parse(new SshdParser(SshdParser.Mode.NORMAL), line);
        assertThat(m.user()).isEqualTo(user);
        assertThat(m.host()).isEqualTo("203.0.113.5");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        2026/11/21 10:00:00 [error] 1#1: *1 user "x\\": password mismatch, client: 192.0.2.7, server: a": password mismatch, client: 203.0.113.5, server: s, request: "GET / HTTP/1.1", host: "h"
        2026/11/21 10:00:00 [error] 1#1: *1 user "x, client: 192.0.2.7, server: " was not found in "/etc/htpasswd", client: 203.0.113.5, server: s, request: "GET / HTTP/1.1", host: "h"
        2026/11/21 10:00:00 [error] 1#1: *1 open() "/srv/cgi-bin/x, client: 192.0.2.7" failed (2: No such file or directory), client: 203.0.113.5, server: s, request: "GET /cgi-bin/x,%20client:%20192.0.2.7 HTTP/1.1", host: "h"
        203.0.113.5 - - [21/Nov/2026:10:00:00 +0000] "GET /phpmyadmin/?client=192.0.2.7 HTTP/1.1" 404 1 "http://192.0.2.7/" "192.0.2.7 - - [x]"
        """)
    void nginxTakesTheClientFieldNginxWrote(String line) {
        ServiceMatch m = parse(new NginxParser(true, true, true, HEADERS.timeResolver()), line);
        assertThat(m).as(line).isNotNull();
        assertThat(m.host()).isEqualTo("203.0.113.5");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        [Sat Nov 21 10:00:00 2026] [error] [client 203.0.113.5] user [client 192.0.2.7] not found: /
        [Sat Nov 21 10:00:00.1 2026] [auth_basic:error] [pid 1] [client 203.0.113.5:1] AH01618: user 192.0.2.7 not found: /[client 192.0.2.7]
        """)
    void apacheTakesTheClientFieldApacheWrote(String line) {
        ServiceMatch m = parse(new ApacheAuthParser(false, HEADERS.timeResolver()), line);
        assertThat(m).as(line).isNotNull();
        assertThat(m.host()).isEqualTo("203.0.113.5");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        Nov 21 10:00:00 m dovecot: imap-login: Aborted login (auth failed, 1 attempts): user=<a, rip=192.0.2.7, b>, method=PLAIN, rip=203.0.113.5, lip=198.18.0.1
        Nov 21 10:00:00 m dovecot: auth: pam_unix(dovecot:auth): authentication failure; logname= uid=0 euid=0 tty=dovecot ruser=rhost=192.0.2.7 rhost=203.0.113.5
        Nov 21 10:00:00 m dovecot: auth-worker(1): pam(192.0.2.7,203.0.113.5): pam_authenticate() failed: Permission denied
        """)
    void dovecotTakesTheAddressDovecotWrote(String line) {
        ServiceMatch m = parse(new DovecotParser(false), line);
        assertThat(m).as(line).isNotNull();
        assertThat(m.host()).isEqualTo("203.0.113.5");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        Nov 21 10:00:00 m postfix/smtpd[1]: warning: unknown[203.0.113.5]: SASL LOGIN authentication failed: [192.0.2.7], sasl_username=[192.0.2.7]
        Nov 21 10:00:00 m postfix/smtpd[1]: NOQUEUE: reject: RCPT from unknown[203.0.113.5]: 554 5.7.1 <x@[192.0.2.7]>: Relay access denied; from=<a@[192.0.2.7]> to=<b@c> proto=ESMTP helo=<[192.0.2.7]>
        """)
    void postfixTakesTheAddressAfterTheVerifiedClientName(String line) {
        ServiceMatch m = parse(new PostfixParser(PostfixParser.Mode.AGGRESSIVE), line);
        assertThat(m).as(line).isNotNull();
        assertThat(m.host()).isEqualTo("203.0.113.5");
    }
}
