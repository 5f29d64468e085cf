package dev.vaekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vaekit serve} and {@code train --serve} refuse bad input in one line before serving anything. (What the
 * explorer serves is tested in vaekit-ui; a successful serve runs until Ctrl-C.)
 */
class ServeCommandTest {
    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static Path run;

    @BeforeAll
    static void train() {
        run = TinyRuns.train(shared.resolve("run"), 2);
    }

    @Test
    void aMissingRunFolderIsOneLine() {
        String line = Cli.assertBadInput(Cli.run("serve", dir.resolve("nope").toString(), "--port", "0"));
        assertThat(line).contains("no such run folder");
    }

    @Test
    void aFolderThatIsNotARunIsOneLine() {
        // a folder without a checkpoint is a run about to start: served, waiting; but a file is not a folder
        String line =
                Cli.assertBadInput(Cli.run("serve", run.resolve("config.json").toString(), "--port", "0"));
        assertThat(line).contains("no such run folder");
    }

    @Test
    void portsAndPointsAreChecked() {
        assertThat(Cli.assertBadInput(Cli.run("serve", run.toString(), "--port", "70000")))
                .contains("--port must be in [0, 65535]");
        assertThat(Cli.assertBadInput(Cli.run("serve", run.toString(), "--points", "0")))
                .contains("--points must be in [1, 10000]");
        assertThat(Cli.assertBadInput(Cli.run("serve", run.toString(), "--host", "no-such-host.invalid")))
                .contains("unknown host");
    }

    @Test
    void aTakenPortIsOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String line = Cli.assertBadInput(
                    Cli.run("serve", run.toString(), "--port", Integer.toString(taken.getLocalPort())));
            assertThat(line).contains("cannot listen").contains("--port");
        }
    }

    @Test
    void trainRefusesABadPortBeforeCreatingTheRunFolder() {
        Path out = dir.resolve("new-run");
        String line = Cli.assertBadInput(Cli.run(
                "train",
                "--dataset",
                "mnist-mini",
                "--epochs",
                "1",
                "--serve",
                "--port",
                "-1",
                "--out",
                out.toString()));
        assertThat(line).contains("--port must be in");
        assertThat(out).doesNotExist();
    }
}
