package dev.rampart.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class StreamingProcessTest {

    @Test
    void readsLinesWhileTheProcessRunsAndKeepsStderr() throws Exception {
        try (StreamingProcess p = StreamingProcess.start(new ProcessRunner(),
                List.of("python3", "-c", "import sys,time\nprint('one', flush=True)\nsys.stderr.write('warn\\n')\n"
                        + "sys.stderr.flush()\ntime.sleep(0.2)\nprint('two', flush=True)\ntime.sleep(30)"))) {
            assertThat(p.readLine()).isEqualTo("one");
            assertThat(p.readLine()).isEqualTo("two");
            assertThat(p.isAlive()).isTrue();
            assertThat(p.stderrTail()).isEqualTo("warn\n");
        }
    }

    @Test
    void closeSendsSigtermAndStillReadsWhatTheProcessWritesOnTheWayOut() throws Exception {
        StreamingProcess p = StreamingProcess.start(new ProcessRunner(), List.of("python3", "-c",
                "import signal,sys,time\n"
                        + "def bye(s, f):\n    sys.stderr.write('bye\\n'); sys.stderr.flush(); sys.exit(3)\n"
                        + "signal.signal(signal.SIGTERM, bye)\nprint('up', flush=True)\ntime.sleep(30)"));
        assertThat(p.readLine()).isEqualTo("up");
        p.close();
        assertThat(p.waitFor(5000)).isEqualTo(3);
        assertThat(p.stderrTail()).isEqualTo("bye\n");
        assertThat(p.endedError().getMessage()).contains("exit status 3").contains("bye");
    }

    @Test
    void mergedStderrComesInOrderAndKillEndsAtOnce() throws Exception {
        StreamingProcess p = StreamingProcess.start(new ProcessRunner(), List.of("python3", "-c",
                "import sys,time\nprint('a', flush=True)\nsys.stderr.write('b\\n'); sys.stderr.flush()\n"
                        + "print('c', flush=True)\ntime.sleep(30)"), true);
        assertThat(List.of(p.readLine(), p.readLine(), p.readLine())).containsExactly("a", "b", "c");
        p.kill();
        assertThat(p.waitFor(5000)).isEqualTo(137);
    }

    @Test
    void aMissingProgramIsAHostException() {
        assertThatThrownBy(() -> StreamingProcess.start(new ProcessRunner(), List.of("no-such-program-rampart")))
                .isInstanceOf(HostException.class).hasMessageContaining("not found");
    }
}
