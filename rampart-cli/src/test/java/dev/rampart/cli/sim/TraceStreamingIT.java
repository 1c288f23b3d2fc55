package dev.rampart.cli.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code rampart trace --packets -} answers each packet as it arrives on a pipe, not after the end of
 * the input: the built jar is run as a process, and the test reads the first result before it writes
 * the second packet. (Before, the whole input was read first, so a stream from a capture tool got no
 * answer until it ended.)
 */
class TraceStreamingIT {
    static final Path JAR = Path.of("target/rampart.jar").toAbsolutePath();

    @Test
    void eachPacketIsAnsweredBeforeTheNextArrives() throws Exception {
        assertThat(JAR).as("the shaded jar (built by 'package' before integration tests)").exists();
        Process p = new ProcessBuilder(List.of("java", "-XX:TieredStopAtLevel=1", "-jar", JAR.toString(), "trace",
                "--rules", "../examples/webserver.rules", "--packets", "-", "--format", "json"))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (Writer in = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
             BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            in.write("tcp 203.0.113.5:40000 > 198.51.100.10:22 in eth0 syn\n");
            in.flush();
            String first = CompletableFuture.supplyAsync(() -> readLine(out)).get(60, TimeUnit.SECONDS);
            assertThat(first).startsWith("{\"id\":\"p1\",\"verdict\":\"ACCEPT\"");
            assertThat(p.isAlive()).as("still waiting for more packets").isTrue();

            in.write("this is not a packet\n");
            in.write("tcp 203.0.113.5:40001 > 198.51.100.10:23 in eth0 syn\n");
            in.flush();
            String error = CompletableFuture.supplyAsync(() -> readLine(out)).get(60, TimeUnit.SECONDS);
            assertThat(error).startsWith("{\"id\":null,\"line\":2,\"error\":");
            String third = CompletableFuture.supplyAsync(() -> readLine(out)).get(60, TimeUnit.SECONDS);
            assertThat(third).startsWith("{\"id\":\"p2\",\"verdict\":\"DROP\"");
            in.close();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("a bad packet line gives exit 3").isEqualTo(3);
            assertThat(out.readLine()).isNull();
        } finally {
            p.destroyForcibly();
        }
    }

    private static String readLine(BufferedReader r) {
        try {
            return r.readLine();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
