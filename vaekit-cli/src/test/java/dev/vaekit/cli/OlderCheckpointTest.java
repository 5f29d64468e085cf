package dev.vaekit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vaekit.train.Checkpoint;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run folder written by an earlier vaekit (format version 1, before best weights were kept; a 784-16-2 VAE trained 2
 * epochs on mnist-mini, in {@code src/test/resources/checkpoints/}) must still verify, decode the same images it
 * decoded then, evaluate, and resume training. This guards users' checkpoints against silent format changes.
 */
class OlderCheckpointTest {
    @TempDir
    Path dir;

    private Path fixtures;
    private Path run;

    @BeforeEach
    void copyTheFixture() throws URISyntaxException {
        fixtures = Path.of(getClass().getResource("/checkpoints").toURI());
        run = Cli.copy(fixtures.resolve("dense-vae-format1"), dir.resolve("run"));
    }

    private static double[][] rows(Path csv) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        double[][] values = new double[lines.size() - 1][];
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",");
            values[i - 1] = new double[cells.length];
            for (int j = 0; j < cells.length; j++) {
                values[i - 1][j] = Double.parseDouble(cells[j]);
            }
        }
        return values;
    }

    @Test
    void itDecodesTheImagesItDecodedWhenItWasWritten() throws Exception {
        Path decoded = dir.resolve("decoded.csv");
        Cli.ok("decode", run.toString(), "-i", fixtures.resolve("codes.csv").toString(), "--rows", decoded.toString());

        double[][] then = rows(fixtures.resolve("decoded.csv"));
        double[][] now = rows(decoded);
        assertThat(now.length).isEqualTo(then.length).isEqualTo(3);
        for (int i = 0; i < then.length; i++) {
            assertThat(now[i]).hasSize(784);
            for (int j = 0; j < then[i].length; j++) {
                assertThat(now[i][j]).as("code %d, pixel %d", i, j).isCloseTo(then[i][j], within(1e-6));
            }
        }
    }

    @Test
    void itEvaluatesWithItsLastWeightsSinceItHasNoBestOnes() {
        Cli.Result r = Cli.ok("eval", run.toString(), "--k", "10", "--eval-size", "20");

        assertThat(r.out()).contains("weights of epoch 2, the last").contains("NLL");
    }

    @Test
    void itResumesAndGainsBestWeights() {
        Cli.ok("train", "--resume", "--out", run.toString(), "--epochs", "3", "--quiet");

        assertThat(Checkpoint.verify(run).epochsDone()).isEqualTo(3);
        assertThat(Checkpoint.verify(run).files()).containsKey(Checkpoint.BEST_WEIGHTS);
    }
}
