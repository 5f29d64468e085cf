package dev.vaekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vaekit.train.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickstartCommandTest {
    @TempDir
    Path dir;

    @Test
    void trainsSamplesReconstructsAndEvaluatesIntoTheFolder() throws Exception {
        Path out = dir.resolve("qs");
        // an earlier quickstart in the same folder is replaced
        Files.createDirectories(out);
        Files.writeString(out.resolve(QuickstartCommand.MARKER), "");
        Files.writeString(out.resolve("stale.txt"), "from an earlier run");

        Cli.Result r = Cli.ok("quickstart", "--epochs", "1", "--k", "5", "--out", out.toString());

        for (String f : List.of(
                "config.json",
                "weights.safetensors",
                "optimizer.safetensors",
                "trainer-state.json",
                "manifest.json",
                "metrics.jsonl",
                "loss.png",
                "samples.png",
                "reconstructions.png")) {
            assertThat(out.resolve(f)).as(f).isRegularFile();
        }
        assertThat(out.resolve("stale.txt")).doesNotExist();
        assertThat(Checkpoint.verify(out).epochsDone()).isEqualTo(1);
        assertThat(Files.readAllLines(out.resolve("metrics.jsonl"))).hasSize(1);
        assertThat(ImageIO.read(out.resolve("samples.png").toFile()).getWidth()).isEqualTo(8 * 58 + 2);
        assertThat(ImageIO.read(out.resolve("reconstructions.png").toFile()).getHeight())
                .isEqualTo(8 * 58 + 2);
        assertThat(r.out())
                .contains("on mnist-mini for 1 epochs")
                .contains("k = 5")
                .contains("NLL")
                .contains("bits/dim")
                .contains("pictures and numbers are in " + out);
    }

    @Test
    void refusesToClearAFolderThatIsNotARun() throws Exception {
        Path out = dir.resolve("precious");
        Files.createDirectories(out);
        Files.writeString(out.resolve("thesis.tex"), "do not delete");

        String line = Cli.assertBadInput(Cli.run("quickstart", "--epochs", "1", "--k", "5", "--out", out.toString()));

        assertThat(line).contains("is not an earlier quickstart");
        assertThat(out.resolve("thesis.tex")).hasContent("do not delete");
    }

    @Test
    void refusesToReplaceATrainingRunThatIsNotAQuickstart() throws Exception {
        Path out = dir.resolve("run");
        Files.createDirectories(out);
        Files.writeString(out.resolve("manifest.json"), "{}");
        Files.writeString(out.resolve("config.json"), "{}");

        String line = Cli.assertBadInput(Cli.run("quickstart", "--epochs", "1", "--k", "5", "--out", out.toString()));

        assertThat(line).contains("is not an earlier quickstart");
        assertThat(out.resolve("manifest.json")).hasContent("{}");
    }
}
