package dev.rampart.monitor.daemon;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A stand-in for {@code journalctl -f -o json} that writes {@code N} sshd failures, each from a distinct
 * IPv6 source (2001:db8::/32, one per /64 so IPv6 aggregation does not merge them), as journald's JSON,
 * then stays open (as {@code -f} does) until killed: {@code FloodJournalMain N [journalctl options...]}.
 */
public final class FloodJournalMain {
    private FloodJournalMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        long n = Long.parseLong(args[0]);
        PrintStream out = new PrintStream(new BufferedOutputStream(System.out, 1 << 16), false, StandardCharsets.UTF_8);
        long t0 = 1_763_800_000_000_000L;
        for (long i = 0; i < n; i++) {
            long net = i + 1;
            String addr = "2001:db8:" + Long.toHexString((net >>> 16) & 0xffff) + ":" + Long.toHexString(net & 0xffff)
                    + "::7";
            out.print("{\"__CURSOR\":\"s=flood;i=");
            out.print(Long.toHexString(i));
            out.print("\",\"__REALTIME_TIMESTAMP\":\"");
            out.print(t0 + i);
            out.print("\",\"_HOSTNAME\":\"srv\",\"SYSLOG_IDENTIFIER\":\"sshd\",\"_PID\":\"4242\",\"MESSAGE\":"
                    + "\"Failed password for invalid user admin from ");
            out.print(addr);
            out.print(" port 50000 ssh2\"}\n");
        }
        out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
