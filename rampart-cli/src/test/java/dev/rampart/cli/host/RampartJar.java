package dev.rampart.cli.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the built {@code rampart.jar} as a whole process, as an admin would: its own environment
 * ({@code SSH_CONNECTION} set or not), standard streams captured into files, optionally in its own
 * session ({@code setsid}) so a test can signal its whole process group like a dying terminal does.
 */
final class RampartJar {
    static final Path JAR = Path.of("target/rampart.jar").toAbsolutePath();

    private final Path root;
    private final String netns;

    RampartJar(Path root, String netns) {
        this.root = root;
        this.netns = netns;
        assertThat(JAR).as("the shaded jar (built by 'package' before integration tests)").exists();
    }

    /** A finished run. */
    record Run(int code, String out, String err) {
    }

    /** A started run. */
    record Started(Process process, Path out, Path err) {
        Run await(long seconds) throws IOException, InterruptedException {
            assertThat(process.waitFor(seconds, TimeUnit.SECONDS)).as("rampart finished within " + seconds + " s").isTrue();
            return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
        }

        long pid() {
            return process.pid();
        }
    }

    /** Runs {@code args} (plus {@code --root} and {@code --netns}) with {@code sshConnection} (null: not SSH). */
    Run run(String sshConnection, String... args) throws IOException, InterruptedException {
        return start(false, sshConnection, args).await(120);
    }

    /** Starts {@code args}; {@code ownSession}: under {@code setsid}, so its pid is its process group and session. */
    Started start(boolean ownSession, String sshConnection, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (ownSession) {
            cmd.add("setsid");
        }
        cmd.addAll(List.of("java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        cmd.add("--root");
        cmd.add(root.toString());
        if (netns != null) {
            cmd.add("--netns");
            cmd.add(netns);
        }
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("SSH_CONNECTION");
        pb.environment().remove(dev.rampart.host.apply.RampartDirs.ROOT_ENV);
        if (sshConnection != null) {
            pb.environment().put("SSH_CONNECTION", sshConnection);
        }
        Path out = Files.createTempFile("rampart-out", ".txt");
        Path err = Files.createTempFile("rampart-err", ".txt");
        pb.redirectOutput(out.toFile());
        pb.redirectError(err.toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        return new Started(pb.start(), out, err);
    }

    static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
