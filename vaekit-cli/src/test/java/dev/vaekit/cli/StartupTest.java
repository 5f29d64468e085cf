package dev.vaekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the launcher relies on for a fast start: the class-data-sharing workload, and when the engine is preloaded. */
class StartupTest {
    @TempDir
    Path dir;

    /**
     * The launcher records its class-data-sharing archive by running this workload and keeps no archive when it
     * fails, so a command-line change that breaks it would silently slow every start: it must run to the end.
     */
    @Test
    void theArchiveWorkloadRunsEveryCommandSuccessfully() {
        assertThat(StartupArchiveWorkload.run(dir)).isZero();
        assertThat(dir.resolve("samples.png")).isNotEmptyFile();
        assertThat(dir.resolve("reconstructions.png")).isNotEmptyFile();
        assertThat(Files.exists(dir.resolve("run").resolve("manifest.json"))).isTrue();
    }

    @Test
    void commandsThatStartTheEngineArePreloadedHelpVersionAndPlotAreNot() {
        assertThat(Main.needsEngine(new String[] {"sample", "runs/x"})).isTrue();
        assertThat(Main.needsEngine(new String[] {"train", "--epochs", "1"})).isTrue();
        assertThat(Main.needsEngine(new String[] {})).isFalse();
        assertThat(Main.needsEngine(new String[] {"--help"})).isFalse();
        assertThat(Main.needsEngine(new String[] {"--version"})).isFalse();
        assertThat(Main.needsEngine(new String[] {"help", "train"})).isFalse();
        assertThat(Main.needsEngine(new String[] {"train", "--help"})).isFalse();
        assertThat(Main.needsEngine(new String[] {"eval", "-h"})).isFalse();
        assertThat(Main.needsEngine(new String[] {"plot", "runs/x"})).isFalse();
    }
}
