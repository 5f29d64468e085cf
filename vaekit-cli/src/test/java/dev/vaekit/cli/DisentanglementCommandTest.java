package dev.vaekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code vaekit disentanglement} end to end on runs of the small sprite set. */
class DisentanglementCommandTest {
    @TempDir
    static Path shared;

    private static Path vae;

    @BeforeAll
    static void train() {
        vae = SpriteRuns.train(shared.resolve("vae"), "dense-vae");
    }

    @Test
    void everyMetricPrintsItsSettingsATableAndAJsonLine() {
        Cli.Result r = Cli.ok("disentanglement", vae.toString(), "--fraction", "0.02", "--seed", "3", "--threads", "1");

        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0))
                .contains("posterior means of the dense-vae")
                .contains("on dsprites-small, 2304 observations of 5 factors; seed 3");
        assertThat(r.out())
                .contains("settings of mig: numTrain=200 bins=20")
                .contains("settings of sap: numTrain=200 numTest=100 svmC=0.01")
                .contains("settings of dci: numTrain=200 numTest=100 boosting.stages=100 boosting.maxDepth=3")
                .contains("settings of factorvae: batchSize=64 numTrain=200 numEval=100 numVarianceEstimate=200")
                .contains("settings of betavae: batchSize=64 numTrain=200 numEval=100 logisticC=1.0")
                .contains("disentanglement of dsprites-small (factors shape, scale, orientation, posX, posY)");
        JsonNode json = JsonMapper.builder().build().readTree(lines.get(lines.size() - 1));
        assertThat(json.get("data").asString()).isEqualTo("dsprites-small");
        JsonNode metrics = json.get("metrics");
        assertThat(metrics.propertyNames()).containsExactly("mig", "sap", "dci", "factorvae", "betavae");
        double mig = metrics.get("mig").get("scores").get("mig").asDouble();
        assertThat(mig).isBetween(0.0, 1.0);
        assertThat(metrics.get("factorvae").get("scores").get("evalAccuracy").asDouble())
                .isBetween(0.0, 1.0);
        assertThat(metrics.get("dci").get("settings").get("numTrain").asInt()).isEqualTo(200);
        assertThat(metrics.get("mig").get("seed").asLong()).isEqualTo(3);

        // the same seed gives the same scores
        Cli.Result again =
                Cli.ok("disentanglement", vae.toString(), "--metrics", "mig", "--fraction", "0.02", "--seed", "3");
        List<String> againLines = again.out().lines().toList();
        JsonNode second = JsonMapper.builder().build().readTree(againLines.get(againLines.size() - 1));
        assertThat(second.get("metrics").propertyNames()).containsExactly("mig");
        assertThat(second.get("metrics").get("mig").get("scores").get("mig").asDouble())
                .isEqualTo(mig);
    }

    @Test
    void aWassersteinAutoencodersCodesAreScoredToo() {
        Path wae = SpriteRuns.train(shared.resolve("wae"), "dense-wae-mmd");
        Cli.Result r = Cli.ok("disentanglement", wae.toString(), "--metrics", "mig,sap", "--fraction", "0.05");
        assertThat(r.out()).contains("codes enc(x) of the dense-wae-mmd").contains("\"sap\"");
    }

    @Test
    void aRunWithoutGroundTruthFactorsIsRefusedInOneLine() {
        Path toy = shared.resolve("moons");
        Cli.trainTiny(toy, "--dataset", "moons", "--binarize", "none", "--likelihood", "gaussian");
        String line = Cli.assertBadInput(Cli.run("disentanglement", toy.toString()));
        assertThat(line)
                .isEqualTo(
                        "vaekit disentanglement: " + toy + " was trained on moons, which has no ground-truth factors; "
                                + "disentanglement needs a run on one of [dsprites, dsprites-small]");
    }

    @Test
    void badSettingsAreRefusedInOneLine() {
        assertThat(Cli.assertBadInput(Cli.run("disentanglement", vae.toString(), "--metrics", "mig,irs")))
                .contains("--metrics: unknown metric 'irs'");
        assertThat(Cli.assertBadInput(Cli.run("disentanglement", vae.toString(), "--fraction", "1.5")))
                .contains("--fraction must be in (0, 1], got 1.5");
        assertThat(Cli.assertBadInput(
                        Cli.run("disentanglement", shared.resolve("nothing").toString())))
                .contains("no such run folder");
    }
}
