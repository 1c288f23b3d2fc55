package dev.rampart.host.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.host.Netns;
import dev.rampart.host.ProcessRunner;
import dev.rampart.host.RootRequirement;
import dev.rampart.model.Family;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A held iptables-restore against the kernel: nothing changes until released; abort changes nothing. */
class HeldRestoreIT {
    static final String TEXT = """
            *mangle
            :PREROUTING ACCEPT [0:0]
            -A PREROUTING -s 198.18.0.5/32 -j ACCEPT
            COMMIT
            *filter
            :INPUT ACCEPT [0:0]
            -A INPUT -s 198.18.0.6/32 -j ACCEPT
            -A INPUT -s 198.18.0.7/32 -j ACCEPT
            -A INPUT -s 198.18.0.8/32 -j ACCEPT
            COMMIT
            """;

    @BeforeAll
    static void root() {
        RootRequirement.requireRoot();
    }

    @Test
    void nothingIsCommittedWhileHeldAndAbortLeavesTheKernelAlone() throws Exception {
        try (Netns ns = Netns.create(new ProcessRunner(), "rampart-h-")) {
            HeldRestore h = HeldRestore.start(ns.runner(), Family.IPV4, TEXT, "t.rules");
            assertThat(h).isNotNull();
            Thread.sleep(500); // the tool has read and parsed the held part
            assertThat(ns.check("iptables-save").stdout()).doesNotContain("198.18.0.");
            h.abort();
            Thread.sleep(200);
            assertThat(ns.check("iptables-save").stdout()).doesNotContain("198.18.0.");
        }
    }

    @Test
    void releaseCommitsEveryTable() {
        try (Netns ns = Netns.create(new ProcessRunner(), "rampart-h-")) {
            HeldRestore h = HeldRestore.start(ns.runner(), Family.IPV4, TEXT, "t.rules");
            h.release();
            String saved = ns.check("iptables-save").stdout();
            assertThat(saved).contains("-A PREROUTING -s 198.18.0.5/32 -j ACCEPT", "-A INPUT -s 198.18.0.8/32 -j ACCEPT");
            h.abort(); // no effect after release
            assertThat(ns.check("iptables-save").stdout()).contains("-A INPUT -s 198.18.0.6/32 -j ACCEPT");
        }
    }

    @Test
    void anInputWithoutAFinalNewlineIsFedWholeLinesInEveryOrder() {
        // the biggest table (filter) is last, so its COMMIT line, the file's last, is fed before mangle
        String text = "# a comment before the tables\n" + TEXT.replace("COMMIT\n*filter", "COMMIT\n  \n*filter")
                .stripTrailing();
        try (Netns ns = Netns.create(new ProcessRunner(), "rampart-h-")) {
            HeldRestore h = HeldRestore.start(ns.runner(), Family.IPV4, text, "t.rules");
            h.release();
            assertThat(ns.check("iptables-save").stdout()).contains("-A PREROUTING -s 198.18.0.5/32 -j ACCEPT",
                    "-A INPUT -s 198.18.0.8/32 -j ACCEPT");
        }
    }

    @Test
    void aRejectedLineFedAfterTheHeldTableIsQuotedWithItsOwnNumber() {
        // mangle (lines 1-4) is fed after filter, the biggest table: the tool's line number differs
        String bad = TEXT.replace("-A PREROUTING -s 198.18.0.5/32 -j ACCEPT", "-A PREROUTING -m set --match-set nope src -j DROP");
        try (Netns ns = Netns.create(new ProcessRunner(), "rampart-h-")) {
            HeldRestore h = HeldRestore.start(ns.runner(), Family.IPV4, bad, "t.rules");
            assertThatThrownBy(h::release).isInstanceOf(ApplyException.class)
                    .hasMessageContaining("the failing line: t.rules:3: -A PREROUTING -m set --match-set nope src -j DROP");
        }
    }

    @Test
    void aRejectedLineIsQuotedFromTheOriginalOrder() {
        // the filter table is the biggest, so it is fed first; the failing line is line 8 of the file
        String bad = TEXT.replace("-A INPUT -s 198.18.0.7/32 -j ACCEPT", "-A INPUT -m set --match-set nope src -j DROP");
        try (Netns ns = Netns.create(new ProcessRunner(), "rampart-h-")) {
            HeldRestore h = HeldRestore.start(ns.runner(), Family.IPV4, bad, "t.rules");
            assertThatThrownBy(h::release).isInstanceOf(ApplyException.class)
                    .hasMessageContaining("the failing line: t.rules:8: -A INPUT -m set --match-set nope src -j DROP");
            assertThat(ns.check("iptables-save").stdout()).doesNotContain("198.18.0.");
        }
    }
}
