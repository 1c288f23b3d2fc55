package dev.rampart.host.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.host.history.Session;
import org.junit.jupiter.api.Test;

/** Which sessions may confirm: a different SSH connection, or --local at a console. */
class ConfirmationTest {
    static Session ssh(String conn) {
        return new Session(conn, "/dev/pts/1", 10, 11, null, "alice", 0);
    }

    static final Session CONSOLE = new Session(null, "/dev/tty1", 20, 21, null, "alice", 0);

    @Test
    void anotherSshConnectionConfirms() {
        assertThat(Confirmation.check(ssh("198.18.0.2 50000 198.18.0.1 22"), ssh("198.18.0.2 50001 198.18.0.1 22"), false))
                .contains("new SSH connection 198.18.0.2 50001");
        assertThat(Confirmation.check(CONSOLE, ssh("198.18.0.3 40000 198.18.0.1 22"), false))
                .contains("the apply ran from a console");
    }

    @Test
    void theSameConnectionOrNoSshIsRefused() {
        assertThatThrownBy(() -> Confirmation.check(ssh("198.18.0.2 50000 198.18.0.1 22"),
                ssh("198.18.0.2 50000 198.18.0.1 22"), false))
                .isInstanceOf(ApplyException.class).hasMessageContaining("same SSH connection");
        assertThatThrownBy(() -> Confirmation.check(ssh("198.18.0.2 50000 198.18.0.1 22"), CONSOLE, false))
                .hasMessageContaining("not an SSH connection").hasMessageContaining("--local");
    }

    @Test
    void localOnlyFromAConsole() {
        assertThat(Confirmation.check(CONSOLE, CONSOLE, true)).contains("confirmed locally (console /dev/tty1");
        assertThatThrownBy(() -> Confirmation.check(CONSOLE, ssh("198.18.0.2 1 198.18.0.1 22"), true))
                .hasMessageContaining("--local is for a console login");
    }
}
